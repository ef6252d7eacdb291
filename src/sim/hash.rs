//! A stable hash of the campaign state, for determinism tests and replays.

use super::state::State;

/// FNV-1a over the state's canonical JSON form. Floats print with the shortest exact
/// representation, so two states hash alike exactly when they are equal bit for bit.
pub fn state_hash(state: &State) -> u64 {
    let bytes = serde_json::to_vec(state).unwrap_or_default();
    fnv1a(&bytes)
}

/// 64-bit FNV-1a.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
