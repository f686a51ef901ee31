//! Dates as GOV.UK writes them ("17 October 2014"), from RFC 3339 timestamps.
//! Hand-rolled on purpose: a date library would add weight to the wasm bundle
//! for twelve month names.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Reads the date part of `YYYY-MM-DD...` (an RFC 3339 timestamp or a plain date).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year: u16 = digits(&s[0..4])?;
        let month: u8 = digits(&s[5..7])?;
        let day: u8 = digits(&s[8..10])?;
        Date::new(year, month, day)
    }

    /// A real calendar date, or `None`.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }

    /// "17 October 2014".
    pub fn long(&self) -> String {
        format!("{} {} {}", self.day, MONTHS[usize::from(self.month - 1)], self.year)
    }

    /// "2014-10-17", for `<time datetime>`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// "October 2014", for month archives; `None` for a month that is not 1 to 12.
pub fn month_year(year: u16, month: u8) -> Option<String> {
    let name = MONTHS.get(usize::from(month).checked_sub(1)?)?;
    Some(format!("{name} {year}"))
}

fn digits<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.bytes().all(|c| c.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Is `s` a full RFC 3339 UTC timestamp, `YYYY-MM-DDTHH:MM:SSZ`, for a real date and time?
pub fn is_utc_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && Date::parse(s).is_some()
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && matches!(digits::<u8>(&s[11..13]), Some(0..=23))
        && matches!(digits::<u8>(&s[14..16]), Some(0..=59))
        && matches!(digits::<u8>(&s[17..19]), Some(0..=59))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_gov_uk() {
        assert_eq!(Date::parse("2014-10-17T09:30:00Z").unwrap().long(), "17 October 2014");
        assert_eq!(Date::parse("2024-02-29").unwrap().long(), "29 February 2024");
        assert_eq!(Date::parse("2024-03-05").unwrap().iso(), "2024-03-05");
        assert_eq!(month_year(2025, 6).as_deref(), Some("June 2025"));
        assert_eq!(month_year(2025, 0), None);
        assert_eq!(month_year(2025, 13), None);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2023-13-01"), None);
        assert_eq!(Date::parse("2023-00-10"), None);
        assert_eq!(Date::parse("2023-1-1"), None);
        assert_eq!(Date::parse("+023-01-01"), None);
        assert_eq!(Date::parse("soon"), None);
    }

    #[test]
    fn checks_timestamps() {
        assert!(is_utc_timestamp("2014-10-17T09:30:00Z"));
        assert!(!is_utc_timestamp("2014-10-17T24:00:00Z"));
        assert!(!is_utc_timestamp("2014-10-17 09:30:00Z"));
        assert!(!is_utc_timestamp("2014-10-17T09:30:00+01:00"));
    }
}
