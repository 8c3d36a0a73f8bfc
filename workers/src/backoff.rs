use chrono::TimeDelta;

/// The first retry waits about this long; each later one twice as long.
const BASE_SECONDS: f64 = 15.0;
/// No retry waits longer than this.
const CAP_SECONDS: f64 = 6.0 * 60.0 * 60.0;

/// How long to wait before trying again after failed attempt `attempt`
/// (1-based): exponential, capped, with "equal jitter" (half fixed, half
/// random) so a burst of failures does not retry in lockstep.
pub fn delay_after(attempt: i32) -> TimeDelta {
    let longest = longest_delay_after(attempt);
    longest / 2
        + TimeDelta::milliseconds(
            (fastrand::f64() * longest.num_milliseconds() as f64 / 2.0) as i64,
        )
}

/// The longest [`delay_after`] can be.
pub fn longest_delay_after(attempt: i32) -> TimeDelta {
    let exponent = attempt.clamp(1, 30) - 1;
    let seconds = (BASE_SECONDS * 2f64.powi(exponent)).min(CAP_SECONDS);
    TimeDelta::milliseconds((seconds * 1000.0) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_retry_waits_about_twice_as_long_up_to_the_cap() {
        for attempt in 1..=20 {
            let longest = longest_delay_after(attempt);
            let delay = delay_after(attempt);
            assert!(
                delay <= longest && delay * 2 >= longest,
                "attempt {attempt}: {delay}"
            );
        }
        assert_eq!(longest_delay_after(2), longest_delay_after(1) * 2);
        assert_eq!(longest_delay_after(30), TimeDelta::hours(6));
    }
}
