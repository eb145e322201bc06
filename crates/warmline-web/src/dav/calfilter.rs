//! The filter of a calendar-query (RFC 4791 §9.7), read once from the request and then
//! applied to each calendar object as its text.
//!
//! Everything the RFC defines is applied: nested component filters, `is-not-defined`,
//! time ranges on components (§9.9) and on date-valued properties, property filters with
//! text matches (the `i;ascii-casemap` and `i;octet` collations, `negate-condition`) and
//! parameter filters. A filter that asks for something else (another collation, a
//! malformed date) is refused with the reason, never silently widened: a client that
//! filters for "to-dos due this week" must not be sent every to-do.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use icalendar::parser::{Component, Property, read_components, unfold};

use super::xml::{CALDAV, Element};

/// A calendar-query's `filter`: exactly one comp-filter, on VCALENDAR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter(CompFilter);

#[derive(Debug, Clone, PartialEq, Eq)]
struct CompFilter {
    name: String,
    not_defined: bool,
    range: Option<TimeRange>,
    props: Vec<PropFilter>,
    comps: Vec<CompFilter>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PropFilter {
    name: String,
    not_defined: bool,
    range: Option<TimeRange>,
    text: Option<TextMatch>,
    params: Vec<ParamFilter>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ParamFilter {
    name: String,
    not_defined: bool,
    text: Option<TextMatch>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct TextMatch {
    text: String,
    negate: bool,
    /// `i;octet`: bytes compared as they are; otherwise ASCII letters fold.
    octet: bool,
}

/// A time range in UTC seconds, either end open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TimeRange {
    start: i64,
    end: i64,
}

impl Filter {
    /// Reads the `CALDAV:filter` element of a calendar-query.
    pub fn of(filter: &Element) -> Result<Filter, String> {
        let comps: Vec<&Element> = filter
            .children
            .iter()
            .filter(|c| c.is(CALDAV, "comp-filter"))
            .collect();
        let [top] = comps.as_slice() else {
            return Err("a calendar-query filter holds exactly one comp-filter".into());
        };
        let top = CompFilter::of(top)?;
        if !top.name.eq_ignore_ascii_case("VCALENDAR") {
            return Err("a calendar-query filter starts with the VCALENDAR comp-filter".into());
        }
        Ok(Filter(top))
    }

    /// Whether a calendar object (its iCalendar text) matches.
    pub fn matches(&self, ical: &str) -> bool {
        let unfolded = unfold(ical);
        let Ok(components) = read_components(&unfolded) else {
            return false;
        };
        self.0.matches_in(&components)
    }
}

/// A filter's `name` attribute, which every filter needs.
fn name_of(e: &Element, what: &str) -> Result<String, String> {
    e.attribute("name")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .ok_or_else(|| format!("a {what} needs a name"))
}

impl CompFilter {
    fn of(e: &Element) -> Result<CompFilter, String> {
        let name = name_of(e, "comp-filter")?;
        let mut out = CompFilter {
            name,
            not_defined: false,
            range: None,
            props: Vec::new(),
            comps: Vec::new(),
        };
        for c in &e.children {
            if c.ns != CALDAV {
                continue;
            }
            match c.name.as_str() {
                "is-not-defined" => out.not_defined = true,
                "time-range" => out.range = Some(TimeRange::of(c)?),
                "prop-filter" => out.props.push(PropFilter::of(c)?),
                "comp-filter" => out.comps.push(CompFilter::of(c)?),
                other => return Err(format!("a comp-filter cannot hold {other}")),
            }
        }
        Ok(out)
    }

    /// Matches within a scope: some component of this name satisfies every condition,
    /// or, with `is-not-defined`, none of this name is there.
    fn matches_in(&self, scope: &[Component<'_>]) -> bool {
        let mut named = scope
            .iter()
            .filter(|c| c.name.as_str().eq_ignore_ascii_case(&self.name));
        if self.not_defined {
            return named.next().is_none();
        }
        named.any(|c| self.holds(c))
    }

    fn holds(&self, c: &Component<'_>) -> bool {
        self.range.is_none_or(|r| r.overlaps_component(c))
            && self.props.iter().all(|p| p.holds(c))
            && self.comps.iter().all(|f| f.matches_in(&c.components))
    }
}

impl PropFilter {
    fn of(e: &Element) -> Result<PropFilter, String> {
        let name = name_of(e, "prop-filter")?;
        let mut out = PropFilter {
            name,
            not_defined: false,
            range: None,
            text: None,
            params: Vec::new(),
        };
        for c in &e.children {
            if c.ns != CALDAV {
                continue;
            }
            match c.name.as_str() {
                "is-not-defined" => out.not_defined = true,
                "time-range" => out.range = Some(TimeRange::of(c)?),
                "text-match" => out.text = Some(TextMatch::of(c)?),
                "param-filter" => out.params.push(ParamFilter::of(c)?),
                other => return Err(format!("a prop-filter cannot hold {other}")),
            }
        }
        Ok(out)
    }

    /// Some instance of the property satisfies every condition (or, with
    /// `is-not-defined`, there is none).
    fn holds(&self, c: &Component<'_>) -> bool {
        let mut named = c
            .properties
            .iter()
            .filter(|p| p.name.as_str().eq_ignore_ascii_case(&self.name));
        if self.not_defined {
            return named.next().is_none();
        }
        named.any(|p| {
            self.range.is_none_or(|r| r.holds_value(p))
                && self.text.as_ref().is_none_or(|t| t.holds(p.val.as_str()))
                && self.params.iter().all(|f| f.holds(p))
        })
    }
}

impl ParamFilter {
    fn of(e: &Element) -> Result<ParamFilter, String> {
        let name = name_of(e, "param-filter")?;
        let mut out = ParamFilter {
            name,
            not_defined: false,
            text: None,
        };
        for c in &e.children {
            if c.ns != CALDAV {
                continue;
            }
            match c.name.as_str() {
                "is-not-defined" => out.not_defined = true,
                "text-match" => out.text = Some(TextMatch::of(c)?),
                other => return Err(format!("a param-filter cannot hold {other}")),
            }
        }
        Ok(out)
    }

    fn holds(&self, p: &Property<'_>) -> bool {
        let mut named = p
            .params
            .iter()
            .filter(|q| q.key.as_str().eq_ignore_ascii_case(&self.name));
        if self.not_defined {
            return named.next().is_none();
        }
        named.any(|q| {
            let value = q.val.as_ref().map_or("", |v| v.as_str());
            self.text.as_ref().is_none_or(|t| t.holds(value))
        })
    }
}

impl TextMatch {
    fn of(e: &Element) -> Result<TextMatch, String> {
        let octet = match e.attribute("collation").map(str::trim) {
            None | Some("i;ascii-casemap") => false,
            Some("i;octet") => true,
            Some(other) => {
                return Err(format!(
                    "the collation '{other}' is not supported: use i;ascii-casemap or i;octet"
                ));
            }
        };
        let negate = match e.attribute("negate-condition").map(str::trim) {
            None | Some("no") => false,
            Some("yes") => true,
            Some(other) => return Err(format!("negate-condition is yes or no, not '{other}'")),
        };
        Ok(TextMatch {
            text: e.text.clone(),
            negate,
            octet,
        })
    }

    /// A substring match, as RFC 4790's collations define it.
    fn holds(&self, value: &str) -> bool {
        let found = if self.octet {
            value.contains(&self.text)
        } else {
            value
                .to_ascii_lowercase()
                .contains(&self.text.to_ascii_lowercase())
        };
        found != self.negate
    }
}

/// A date or date-time value in UTC seconds, with whether it was a whole day (`DATE`).
/// Values with a `TZID` or none are read as UTC, as RFC 4791 §9.9 allows when the query
/// names no time zone; warmline writes only floating dates.
fn instant(value: &str) -> Option<(i64, bool)> {
    let v = value.trim();
    if v.len() == 8 {
        let day = NaiveDate::parse_from_str(v, "%Y%m%d").ok()?;
        return Some((day.and_time(NaiveTime::MIN).and_utc().timestamp(), true));
    }
    let v = v.strip_suffix('Z').unwrap_or(v);
    let t = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok()?;
    Some((t.and_utc().timestamp(), false))
}

const DAY: i64 = 86_400;

/// An iCalendar duration (`P1D`, `PT1H30M`, `-P2W`) in seconds.
fn duration(value: &str) -> Option<i64> {
    let v = value.trim();
    let (sign, v) = match v.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, v.strip_prefix('+').unwrap_or(v)),
    };
    let v = v.strip_prefix('P')?;
    let mut total = 0i64;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for ch in v.chars() {
        match ch {
            '0'..='9' => number.push(ch),
            'T' if !in_time && number.is_empty() => in_time = true,
            'W' | 'D' | 'H' | 'M' | 'S' => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let unit = match (ch, in_time) {
                    ('W', false) => 7 * DAY,
                    ('D', false) => DAY,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                total = total.checked_add(n.checked_mul(unit)?)?;
                any = true;
            }
            _ => return None,
        }
    }
    (any && number.is_empty()).then_some(sign * total)
}

impl TimeRange {
    /// From a `time-range` element's `start` and `end`, UTC date-times such as
    /// `20261201T000000Z`.
    fn of(e: &Element) -> Result<TimeRange, String> {
        TimeRange::from_attributes(e.attribute("start"), e.attribute("end"))
    }

    fn from_attributes(start: Option<&str>, end: Option<&str>) -> Result<TimeRange, String> {
        let read = |v: &str| {
            NaiveDateTime::parse_from_str(v.trim(), "%Y%m%dT%H%M%SZ")
                .map(|t| t.and_utc().timestamp())
                .map_err(|_| {
                    format!("the time-range '{v}' is not a UTC date-time such as 20261201T000000Z")
                })
        };
        if start.is_none() && end.is_none() {
            return Err("a time-range needs a start or an end".into());
        }
        let range = TimeRange {
            start: start.map(read).transpose()?.unwrap_or(i64::MIN),
            end: end.map(read).transpose()?.unwrap_or(i64::MAX),
        };
        if range.start >= range.end {
            return Err("a time-range must end after it starts".into());
        }
        Ok(range)
    }

    /// Whether a component overlaps the range, by the table of RFC 4791 §9.9. A
    /// component with none of the dates the table reads is taken to overlap, as the RFC
    /// says for to-dos without dates.
    fn overlaps_component(self, c: &Component<'_>) -> bool {
        let read = |name: &str| c.find_prop(name).and_then(|p| instant(p.val.as_str()));
        let length = c
            .find_prop("DURATION")
            .and_then(|p| duration(p.val.as_str()));
        let TimeRange { start, end } = self;
        let name = c.name.as_str();
        if name.eq_ignore_ascii_case("VEVENT") {
            let Some((dtstart, whole_day)) = read("DTSTART") else {
                return true;
            };
            let dtend = match (read("DTEND"), length) {
                (Some((e, _)), _) => e,
                (None, Some(d)) => dtstart.saturating_add(d),
                // No end: a date lasts its day, a date-time is an instant.
                (None, None) if whole_day => dtstart + DAY,
                (None, None) => dtstart,
            };
            return if dtend > dtstart {
                start < dtend && end > dtstart
            } else {
                start <= dtstart && end > dtstart
            };
        }
        if name.eq_ignore_ascii_case("VTODO") {
            let dtstart = read("DTSTART");
            // A date-valued DUE is the whole of its day: a to-do due on the 10th is in a
            // query for the 10th, as a calendar app shows it.
            let due = read("DUE").map(|(t, day)| if day { t + DAY } else { t });
            return match (dtstart, length, due) {
                (Some((s, _)), Some(d), _) => start <= s + d && (end > s || end >= s + d),
                (Some((s, _)), None, Some(u)) => (start <= s || start < u) && (end > s || end >= u),
                (None, _, Some(u)) => start < u && end >= u,
                (Some((s, _)), None, None) => start <= s && end > s,
                (None, _, None) => {
                    let completed = read("COMPLETED").map(|(t, _)| t);
                    let created = read("CREATED").map(|(t, _)| t);
                    match (completed, created) {
                        (Some(done), Some(made)) => {
                            (start <= made || start <= done) && (end >= made || end >= done)
                        }
                        (Some(done), None) => start <= done && end >= done,
                        (None, Some(made)) => end > made,
                        (None, None) => true,
                    }
                }
            };
        }
        true
    }

    /// A date or date-time property within the range; a date is its whole day.
    fn holds_value(self, p: &Property<'_>) -> bool {
        let Some((at, whole_day)) = instant(p.val.as_str()) else {
            return false;
        };
        let until = if whole_day { at + DAY } else { at + 1 };
        self.start < until && self.end > at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dav::xml;

    fn filter(inner: &str) -> Result<Filter, String> {
        let body =
            format!(r#"<c:filter xmlns:c="urn:ietf:params:xml:ns:caldav">{inner}</c:filter>"#);
        let root = xml::parse(body.as_bytes()).unwrap().unwrap();
        Filter::of(&root)
    }

    fn todo(due: &str, extra: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:a\r\nSUMMARY:Send the deck\r\n DAna\r\nDUE;VALUE=DATE:{due}\r\n{extra}END:VTODO\r\nEND:VCALENDAR\r\n"
        )
    }

    fn event(day: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Coffee\r\nDTSTART;VALUE=DATE:{day}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    }

    fn in_range(comp: &str, start: &str, end: &str) -> Filter {
        filter(&format!(
            r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="{comp}"><c:time-range start="{start}" end="{end}"/></c:comp-filter></c:comp-filter>"#
        ))
        .unwrap()
    }

    #[test]
    fn components_are_chosen_by_name_and_absence() {
        let todos = filter(
            r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"/></c:comp-filter>"#,
        )
        .unwrap();
        assert!(todos.matches(&todo("20261210", "")));
        assert!(!todos.matches(&event("20261210")));
        let no_todo = filter(
            r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"><c:is-not-defined/></c:comp-filter></c:comp-filter>"#,
        )
        .unwrap();
        assert!(no_todo.matches(&event("20261210")));
        assert!(!no_todo.matches(&todo("20261210", "")));
        let everything = filter(r#"<c:comp-filter name="VCALENDAR"/>"#).unwrap();
        assert!(everything.matches(&event("20261210")));
        assert!(!everything.matches("not a calendar"));
    }

    #[test]
    fn to_dos_due_on_a_day_are_in_that_day() {
        let tenth = in_range("VTODO", "20261210T000000Z", "20261211T000000Z");
        assert!(tenth.matches(&todo("20261210", "")));
        assert!(!tenth.matches(&todo("20261211", "")));
        assert!(!tenth.matches(&todo("20261209", "")));
        // A due date-time is an instant: start < DUE and end >= DUE.
        let at =
            |t: &str| todo("20261210", "").replace("DUE;VALUE=DATE:20261210", &format!("DUE:{t}"));
        assert!(tenth.matches(&at("20261210T120000Z")));
        assert!(tenth.matches(&at("20261211T000000Z")));
        assert!(!tenth.matches(&at("20261210T000000Z")));
    }

    #[test]
    fn events_overlap_their_day() {
        let tenth = in_range("VEVENT", "20261210T000000Z", "20261211T000000Z");
        assert!(tenth.matches(&event("20261210")));
        assert!(!tenth.matches(&event("20261209")));
        assert!(!tenth.matches(&event("20261211")));
        let noon = in_range("VEVENT", "20261210T120000Z", "20261210T130000Z");
        assert!(noon.matches(&event("20261210")));
        // DTEND and DURATION bound a timed event.
        let timed = |extra: &str| {
            format!(
                "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:c\r\nDTSTART:20261210T090000Z\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
            )
        };
        assert!(!noon.matches(&timed("DTEND:20261210T100000Z\r\n")));
        assert!(noon.matches(&timed("DURATION:PT4H\r\n")));
        assert!(!noon.matches(&timed("DURATION:PT3H\r\n")));
        assert!(!noon.matches(&timed("")));
    }

    #[test]
    fn open_ranges_and_bad_ranges() {
        let from = filter(
            r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"><c:time-range start="20261210T000000Z"/></c:comp-filter></c:comp-filter>"#,
        )
        .unwrap();
        assert!(from.matches(&todo("20270301", "")));
        assert!(!from.matches(&todo("20261201", "")));
        let bad = |range: &str| {
            filter(&format!(
                r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"><c:time-range {range}/></c:comp-filter></c:comp-filter>"#
            ))
        };
        assert!(
            bad(r#"start="2026-12-10""#)
                .unwrap_err()
                .contains("not a UTC")
        );
        assert!(bad(r#"start="20261210T000000""#).is_err());
        assert!(bad("").is_err());
        assert!(bad(r#"start="20261211T000000Z" end="20261210T000000Z""#).is_err());
    }

    #[test]
    fn properties_and_parameters_filter_by_text() {
        let summary = |m: &str| {
            filter(&format!(
                r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"><c:prop-filter name="SUMMARY">{m}</c:prop-filter></c:comp-filter></c:comp-filter>"#
            ))
            .unwrap()
        };
        let deck = todo("20261210", "");
        // Folded lines are read whole: "Send the deck" + "DAna".
        assert!(summary("<c:text-match>deckdana</c:text-match>").matches(&deck));
        assert!(
            !summary(r#"<c:text-match collation="i;octet">deckdana</c:text-match>"#).matches(&deck)
        );
        assert!(
            summary(r#"<c:text-match negate-condition="yes">coffee</c:text-match>"#).matches(&deck)
        );
        assert!(!summary("<c:is-not-defined/>").matches(&deck));
        assert!(summary("").matches(&deck));
        let unknown = filter(
            r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"><c:prop-filter name="SUMMARY"><c:text-match collation="i;unicode-casemap">x</c:text-match></c:prop-filter></c:comp-filter></c:comp-filter>"#,
        );
        assert!(unknown.unwrap_err().contains("not supported"));
        let param = |m: &str| {
            filter(&format!(
                r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"><c:prop-filter name="DUE"><c:param-filter name="VALUE">{m}</c:param-filter></c:prop-filter></c:comp-filter></c:comp-filter>"#
            ))
            .unwrap()
        };
        assert!(param("<c:text-match>date</c:text-match>").matches(&deck));
        assert!(!param("<c:text-match>date-time</c:text-match>").matches(&deck));
        assert!(!param("<c:is-not-defined/>").matches(&deck));
        // A property's own time range: COMPLETED within the first week of December.
        let completed = filter(
            r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"><c:prop-filter name="COMPLETED"><c:time-range start="20261201T000000Z" end="20261208T000000Z"/></c:prop-filter></c:comp-filter></c:comp-filter>"#,
        )
        .unwrap();
        assert!(completed.matches(&todo("20261210", "COMPLETED:20261203T100000Z\r\n")));
        assert!(!completed.matches(&todo("20261210", "COMPLETED:20261209T100000Z\r\n")));
        assert!(!completed.matches(&deck));
    }

    #[test]
    fn a_filter_is_one_vcalendar_comp_filter() {
        assert!(filter("").is_err());
        assert!(filter(r#"<c:comp-filter name="VTODO"/>"#).is_err());
        assert!(
            filter(r#"<c:comp-filter name="VCALENDAR"/><c:comp-filter name="VCALENDAR"/>"#)
                .is_err()
        );
        assert!(filter(r#"<c:comp-filter/>"#).is_err());
    }

    #[test]
    fn durations_read_as_icalendar_writes_them() {
        assert_eq!(duration("P1D"), Some(DAY));
        assert_eq!(duration("PT1H30M"), Some(5_400));
        assert_eq!(duration("-P2W"), Some(-14 * DAY));
        assert_eq!(duration("P1DT2S"), Some(DAY + 2));
        assert_eq!(duration("P"), None);
        assert_eq!(duration("PT"), None);
        assert_eq!(duration("P1H"), None);
        assert_eq!(duration("1D"), None);
    }
}
