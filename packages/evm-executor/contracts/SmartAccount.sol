// SPDX-License-Identifier: Apache-2.0 OR MIT
pragma solidity 0.8.37;

/// @title The user's minimal smart account.
/// @notice The owner (the user's wallet) authorises one executor key; the
/// executor may then make any plain call from the account, and the owner may
/// revoke it at any time. It enforces NO limit on chain: what the executor
/// may spend is limited only by the off-chain capchain executor. A leaked
/// executor key can call anything, with any value, until the owner revokes
/// it. No delegatecall path, no upgrade, no signature validation, no module.
contract SmartAccount {
    address public immutable owner;
    address public executor;

    event ExecutorSet(address indexed executor);
    event Executed(address indexed target, uint256 value, bytes data);

    constructor(address owner_) payable {
        owner = owner_;
    }

    receive() external payable {}

    /// Authorise `executor_`, replacing any previous one; address(0) revokes.
    function setExecutor(address executor_) external {
        require(msg.sender == owner, "not owner");
        executor = executor_;
        emit ExecutorSet(executor_);
    }

    /// A plain call from the account; the owner may call too. Bubbles a revert up.
    function execute(address target, uint256 value, bytes calldata data) external returns (bytes memory) {
        require(msg.sender == owner || (executor != address(0) && msg.sender == executor), "not allowed");
        (bool ok, bytes memory result) = target.call{value: value}(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
        emit Executed(target, value, data);
        return result;
    }
}
