// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.20;

/// A minimal ERC-1271 smart-contract wallet for the tests: it accepts a
/// signature over `hash` exactly when its one owner (an EOA) made it.
contract OwnerWallet {
  bytes4 internal constant ERC1271_MAGIC = 0x1626ba7e;
  bytes4 internal constant INVALID = 0xffffffff;
  // secp256k1 n / 2: a higher s is the malleable twin of a valid signature, refused as Ethereum refuses it (EIP-2).
  uint256 internal constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

  address public immutable owner;

  constructor(address owner_) {
    owner = owner_;
  }

  function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
    if (signature.length != 65) return INVALID;
    bytes32 r = bytes32(signature[0:32]);
    bytes32 s = bytes32(signature[32:64]);
    uint8 v = uint8(signature[64]);
    if (uint256(s) > HALF_N) return INVALID;
    address signer = ecrecover(hash, v, r, s);
    return signer != address(0) && signer == owner ? ERC1271_MAGIC : INVALID;
  }
}

/// Deploys OwnerWallets with CREATE2, so a wallet's address is fixed before it
/// exists: the counterfactual wallet of ERC-6492.
contract OwnerWalletFactory {
  function deploy(address owner, bytes32 salt) external returns (address wallet) {
    wallet = address(new OwnerWallet{salt: salt}(owner));
  }

  function addressOf(address owner, bytes32 salt) external view returns (address) {
    bytes32 codeHash = keccak256(abi.encodePacked(type(OwnerWallet).creationCode, abi.encode(owner)));
    return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, codeHash)))));
  }
}
