// SPDX-License-Identifier: Apache-2.0 OR MIT
pragma solidity 0.8.37;

interface IERC20 {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

/// @title A shop selling items for ETH or for one ERC-20 token; one event per purchase.
contract Shop {
    IERC20 public immutable token;
    address public immutable owner;
    /// Price of an item in wei (buy) and in token units (buyWithToken); 0 = not for sale.
    mapping(uint256 => uint256) public priceWei;
    mapping(uint256 => uint256) public priceToken;

    event Purchase(address indexed buyer, uint256 indexed item, uint256 paidWei, uint256 paidToken);

    constructor(IERC20 token_) {
        token = token_;
        owner = msg.sender;
    }

    function setPrice(uint256 item, uint256 weiPrice, uint256 tokenPrice) external {
        require(msg.sender == owner, "not owner");
        priceWei[item] = weiPrice;
        priceToken[item] = tokenPrice;
    }

    function buy(uint256 item) external payable {
        require(priceWei[item] != 0 && msg.value == priceWei[item], "price");
        emit Purchase(msg.sender, item, msg.value, 0);
    }

    /// Pays by pulling the token: the buyer approves the shop first (or in the same batch).
    function buyWithToken(uint256 item) external {
        uint256 price = priceToken[item];
        require(price != 0, "price");
        require(token.transferFrom(msg.sender, owner, price), "transfer");
        emit Purchase(msg.sender, item, 0, price);
    }
}
