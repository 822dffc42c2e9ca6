/** A public test key (the web3.js documentation's, address 0x2c7536E3605D9C16a7a3D7b1898e529396a65c23): anyone can sign with it, so the example never holds a real one. */
export const TEST_WALLET_SECRET = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'
