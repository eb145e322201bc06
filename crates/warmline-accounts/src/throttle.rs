//! How long failed logins make the next attempt wait.
//!
//! The first few failures cost nothing (people mistype). After that each failure doubles
//! the wait, per account and per address. An address's wait grows to a quarter of an hour:
//! the address is the guesser's own. An account's wait stops at [`ACCOUNT_MAX_WAIT`]: anyone
//! can type someone's e-mail address, so the account's own wait must never become a
//! lockout an attacker can impose on its owner; the worst they can make the owner do is
//! wait half a minute between attempts. No attempt is refused for good.

/// Failures that cost nothing.
pub const FREE_FAILURES: u32 = 3;
/// The longest an account waits between attempts.
pub const ACCOUNT_MAX_WAIT: i64 = 30;
/// The longest an address waits between attempts.
pub const ADDRESS_MAX_WAIT: i64 = 15 * 60;

/// Seconds to wait after `failures` failures in a row, capped at `max`.
pub fn wait_after(failures: u32, max: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(20);
    (1_i64 << doublings).min(max)
}

/// Seconds still to wait at `now` after `failures` failures, the latest at `last_at`.
pub fn remaining(failures: u32, last_at: i64, max: i64, now: i64) -> i64 {
    (last_at + wait_after(failures, max) - now).max(0)
}

/// A wait as a person reads it: "1 second", "16 seconds", "2 minutes" (rounded up, so the
/// person never tries again too soon).
pub fn in_words(seconds: i64) -> String {
    let seconds = seconds.max(1);
    if seconds < 120 {
        let s = if seconds == 1 { "" } else { "s" };
        return format!("{seconds} second{s}");
    }
    format!("{} minutes", (seconds + 59) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_then_stop() {
        assert_eq!(wait_after(0, ACCOUNT_MAX_WAIT), 0);
        assert_eq!(wait_after(2, ACCOUNT_MAX_WAIT), 0);
        assert_eq!(wait_after(3, ACCOUNT_MAX_WAIT), 1);
        assert_eq!(wait_after(4, ACCOUNT_MAX_WAIT), 2);
        assert_eq!(wait_after(7, ACCOUNT_MAX_WAIT), 16);
        assert_eq!(wait_after(8, ACCOUNT_MAX_WAIT), 30);
        assert_eq!(wait_after(u32::MAX, ACCOUNT_MAX_WAIT), 30);
        assert_eq!(wait_after(20, ADDRESS_MAX_WAIT), 900);
    }

    #[test]
    fn the_wait_runs_from_the_last_failure() {
        assert_eq!(remaining(5, 100, ACCOUNT_MAX_WAIT, 101), 3);
        assert_eq!(remaining(5, 100, ACCOUNT_MAX_WAIT, 104), 0);
        assert_eq!(remaining(5, 100, ACCOUNT_MAX_WAIT, 500), 0);
    }

    #[test]
    fn waits_read_as_words() {
        assert_eq!(in_words(0), "1 second");
        assert_eq!(in_words(1), "1 second");
        assert_eq!(in_words(16), "16 seconds");
        assert_eq!(in_words(119), "119 seconds");
        assert_eq!(in_words(120), "2 minutes");
        assert_eq!(in_words(121), "3 minutes");
        assert_eq!(in_words(900), "15 minutes");
    }
}
