//! What the simulated user does with a day's minutes under each policy.
//!
//! `warmline` asks the store for today's plan (the one `warmline today` prints) and
//! checks each item off as `warmline done` does. `overdue` and `bursts` write the notes
//! they send as `warmline log` would, so that every policy is measured on the same record.

use chrono::{Duration, NaiveDate};
use warmline_core::interaction::{Direction, Kind};
use warmline_core::plan::ItemKind;
use warmline_store::{NeedOrOffer, StoreError};

use crate::policy::{BURST_EVERY_DAYS, NOTE_MINUTES};
use crate::run::Sim;
use crate::world::Approach;
use crate::{Policy, SimError};

impl Sim {
    pub(crate) fn user_day(&mut self, day: u32, today: NaiveDate) -> Result<(), SimError> {
        match self.config.policy {
            Policy::Warmline => self.follow_plan(today),
            Policy::Overdue => self.overdue_reminders(today),
            Policy::Bursts if (day + 1).is_multiple_of(BURST_EVERY_DAYS) => self.catch_up(today),
            Policy::Bursts => Ok(()),
        }
    }

    /// Does today's items in order and checks each off.
    fn follow_plan(&mut self, today: NaiveDate) -> Result<(), SimError> {
        let plan = self.store.today_plan(today, self.config.minutes)?;
        for item in plan.items {
            // Sorting people into a rhythm is not a note; every simulated person has one.
            if item.kind == ItemKind::Triage {
                continue;
            }
            let done = match self.store.complete_plan_item(today, &item.id) {
                Ok(done) => done,
                // An earlier item of the day may have taken this one off the plan.
                Err(StoreError::NotFound(_)) => continue,
                Err(e) => return Err(e.into()),
            };
            self.tally.minutes += item.minutes;
            if done.interaction.is_none() {
                continue;
            }
            let approach = match item.kind {
                ItemKind::Congratulate => Approach::Congratulate,
                ItemKind::Birthday => Approach::Birthday,
                ItemKind::Give => Approach::Give,
                ItemKind::ReachOut => Approach::Ask,
                _ => Approach::Note,
            };
            let Some(&i) = self.index.get(&item.person.id) else {
                continue;
            };
            match item.kind {
                ItemKind::Give => {
                    self.tally.gives += 1;
                    // Help offered: the need is settled as far as the user can tell.
                    // (once: a later give may be for another need the store still holds).
                    if let Some(need) = self.members[i].need.as_mut()
                        && let Some(id) = need.told.filter(|_| !need.helped)
                    {
                        need.helped = true;
                        self.store
                            .mark_need_offer_done(id, NeedOrOffer::Need, today)?;
                    }
                }
                ItemKind::ReachOut => self.tally.asks += 1,
                _ => {}
            }
            self.touched(i, today, true);
            if let Some(&w) = item.with.as_ref().and_then(|w| self.index.get(&w.id)) {
                self.touched(w, today, true);
            }
            self.sent(i, today, approach);
        }
        Ok(())
    }

    /// A keep-in-touch reminder for everyone whose date has passed, oldest first, as
    /// many as the minutes allow.
    fn overdue_reminders(&mut self, today: NaiveDate) -> Result<(), SimError> {
        let mut due: Vec<(NaiveDate, usize)> = (self.members.iter().enumerate())
            .filter_map(|(i, m)| {
                let on = m.last_contact + Duration::days(i64::from(m.cadence));
                (on <= today).then_some((on, i))
            })
            .collect();
        due.sort();
        let notes = (self.config.minutes / NOTE_MINUTES) as usize;
        for (_, i) in due.into_iter().take(notes) {
            self.note(i, today)?;
        }
        Ok(())
    }

    /// A sitting every few weeks with the minutes saved up: notes to whoever comes to
    /// mind, the closest ties most readily, leaving out anyone heard from in the last two
    /// weeks.
    fn catch_up(&mut self, today: NaiveDate) -> Result<(), SimError> {
        let recent = today - Duration::days(14);
        let mut minded: Vec<(f64, usize)> = Vec::new();
        for (i, m) in self.members.iter().enumerate() {
            let recall = m.bond * (0.5 + self.luck.f64());
            if m.last_contact < recent {
                minded.push((recall, i));
            }
        }
        minded.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let notes = (self.config.minutes * BURST_EVERY_DAYS / NOTE_MINUTES) as usize;
        for (_, i) in minded.into_iter().take(notes) {
            self.note(i, today)?;
        }
        Ok(())
    }

    /// A short note, logged as `warmline log` logs one.
    fn note(&mut self, i: usize, today: NaiveDate) -> Result<(), SimError> {
        self.log(i, today, Kind::Message, Direction::Outbound, "sent a note")?;
        self.tally.minutes += NOTE_MINUTES;
        self.sent(i, today, Approach::Note);
        Ok(())
    }
}
