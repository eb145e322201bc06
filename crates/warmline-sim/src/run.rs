//! A run, day by day: what arrives (answers, calls), what the world does (bonds cool,
//! people write first, change jobs, come to need something, an event each month), then
//! what the user does with their minutes (`user.rs`). `today` advances as an argument;
//! nothing reads the clock.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use warmline_core::followup::{AFTER_EVENT_TEXT, Origin, after_event_due};
use warmline_core::goal::Stage;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::{Met, PersonId, Tier};
use warmline_store::{NeedOrOffer, NewPerson, Store};

use crate::figures::{self, Point, Report, share};
use crate::world::{self, Approach};
use crate::{Config, Member, Policy, SimError, WorldNeed, setup, start_date};

/// What people come to need; the first two meet the user's own offers.
const NEEDS: [&str; 6] = [
    "feedback on my portfolio",
    "advice on an accessibility audit",
    "an introduction to someone hiring in fintech",
    "advice on negotiating an offer",
    "a reference for a lead role",
    "tips on moving to Berlin",
];

/// Runs one policy.
pub fn simulate(config: &Config) -> Result<Report, SimError> {
    config.check()?;
    let mut sim = Sim::new(Store::open_in_memory()?, *config)?;
    for day in 0..config.days {
        sim.day(day)?;
    }
    sim.report()
}

/// Runs the three policies on the same seed, in [`Policy::ALL`] order.
pub fn compare(config: &Config) -> Result<Vec<Report>, SimError> {
    Policy::ALL
        .into_iter()
        .map(|policy| simulate(&Config { policy, ..*config }))
        .collect()
}

/// Something due on a later day.
#[derive(Debug, Clone, Copy)]
enum Pending {
    Reply(Approach),
    Call,
}

#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub gives: u32,
    pub asks: u32,
    pub minutes: u32,
    pub notes: u32,
    pub replies: u32,
    pub written_first: u32,
    pub calls: u32,
}

pub(crate) struct Sim {
    pub store: Store,
    pub config: Config,
    pub members: Vec<Member>,
    pub index: HashMap<PersonId, usize>,
    pub goal: i64,
    /// The world's stream: the same draws whatever the user does.
    world: fastrand::Rng,
    /// The stream that answers the user.
    pub luck: fastrand::Rng,
    pending: BTreeMap<NaiveDate, Vec<(usize, Pending)>>,
    pub tally: Tally,
    series: Vec<Point>,
    named: usize,
}

impl Sim {
    fn new(store: Store, config: Config) -> Result<Sim, SimError> {
        let mut world = fastrand::Rng::with_seed(config.seed);
        let luck = fastrand::Rng::with_seed(config.seed ^ 0x5eed_1ac7_0f5a_11ed);
        let (members, goal) = setup::build(&store, config.people, start_date(), &mut world)?;
        let index = members.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
        Ok(Sim {
            store,
            config,
            named: members.len(),
            members,
            index,
            goal,
            world,
            luck,
            pending: BTreeMap::new(),
            tally: Tally::default(),
            series: Vec::new(),
        })
    }

    fn day(&mut self, day: u32) -> Result<(), SimError> {
        let today = start_date() + Duration::days(i64::from(day));
        self.arrivals(today)?;
        self.world_day(today)?;
        if day > 0 && day.is_multiple_of(world::EVENT_EVERY_DAYS) {
            self.linkedin_export(today)?;
        }
        if day % world::EVENT_EVERY_DAYS == world::EVENT_DAY {
            self.event(today, day / world::EVENT_EVERY_DAYS + 1)?;
        }
        self.user_day(day, today)?;
        if (day + 1).is_multiple_of(7) || day + 1 == self.config.days {
            let touches = self.store.all_touches()?;
            self.series.push(Point {
                day: day + 1,
                within_cadence: figures::within_cadence(&self.members, today),
                warm_ties: figures::warmth_counts(&self.members, &touches, today).warm_ties(),
            });
        }
        Ok(())
    }

    /// Logs a touch with a member and keeps what the run tracks of it.
    pub(crate) fn log(
        &mut self,
        i: usize,
        today: NaiveDate,
        kind: Kind,
        direction: Direction,
        summary: &str,
    ) -> Result<(), SimError> {
        let new = NewInteraction {
            on: today,
            kind,
            direction,
            summary: summary.into(),
            notes: String::new(),
            source: "manual".into(),
            source_key: None,
            people: vec![self.members[i].id],
        };
        self.store.log_interaction(&new, today)?;
        self.touched(i, today, direction == Direction::Outbound);
        Ok(())
    }

    /// What a touch changes in the run's own record: the last contact, and for someone
    /// met during the run, the first note after meeting.
    pub(crate) fn touched(&mut self, i: usize, today: NaiveDate, outbound: bool) {
        let m = &mut self.members[i];
        m.last_contact = m.last_contact.max(today);
        if outbound && m.followed_up.is_none() && m.met_on.is_some_and(|met| today > met) {
            m.followed_up = Some(today);
        }
    }

    /// A note the user sent (already logged): it warms the tie a little, and may be
    /// answered in a few days.
    pub(crate) fn sent(&mut self, i: usize, today: NaiveDate, approach: Approach) {
        self.tally.notes += 1;
        let bond = self.members[i].bond;
        self.members[i].bond = world::gained(bond, world::SENT_GAIN);
        if self.luck.f64() < world::reply_chance(bond, approach) {
            let (lo, hi) = world::REPLY_LAG_DAYS;
            let on = today + Duration::days(i64::from(self.luck.u32(lo..=hi)));
            self.pending
                .entry(on)
                .or_default()
                .push((i, Pending::Reply(approach)));
        }
    }

    /// Answers and calls due today.
    fn arrivals(&mut self, today: NaiveDate) -> Result<(), SimError> {
        for (i, what) in self.pending.remove(&today).unwrap_or_default() {
            match what {
                Pending::Reply(approach) => {
                    self.tally.replies += 1;
                    self.log(i, today, Kind::Message, Direction::Inbound, "replied")?;
                    self.settle(i, world::EXCHANGE_GAIN);
                    if self.luck.f64() < world::call_chance(self.members[i].bond, approach) {
                        let (lo, hi) = world::CALL_LAG_DAYS;
                        let on = today + Duration::days(i64::from(self.luck.u32(lo..=hi)));
                        self.pending.entry(on).or_default().push((i, Pending::Call));
                    }
                }
                Pending::Call => {
                    self.tally.calls += 1;
                    self.log(i, today, Kind::Call, Direction::Mutual, "a call")?;
                    self.settle(i, world::CALL_GAIN);
                    self.goal_after_call(i, today)?;
                }
            }
            self.told(i, today)?;
        }
        Ok(())
    }

    /// An exchange: the bond grows, and a new acquaintance becomes a settled tie.
    fn settle(&mut self, i: usize, gain: f64) {
        let m = &mut self.members[i];
        m.bond = world::gained(m.bond, gain);
        m.half_life = m.half_life.max(world::half_life_days(m.tier));
    }

    /// After a call with someone who fits the goal, a referral now and then, and after a
    /// referral, an opportunity: judgements the user records.
    fn goal_after_call(&mut self, i: usize, today: NaiveDate) -> Result<(), SimError> {
        let m = &self.members[i];
        if !m.fits_goal {
            return Ok(());
        }
        let id = m.id;
        let Some(stage) = self.store.goal_stage(self.goal, id)? else {
            return Ok(());
        };
        let next = match stage {
            Stage::Referral => Stage::Opportunity,
            Stage::Opportunity => return Ok(()),
            _ => Stage::Referral,
        };
        let chance = match next {
            Stage::Opportunity => world::OPPORTUNITY_CHANCE,
            _ => world::REFERRAL_CHANCE,
        };
        if self.luck.f64() < chance {
            self.store.set_goal_stage(self.goal, id, next, today)?;
        }
        Ok(())
    }

    /// In a conversation the user learns of an open need, and sometimes helps at once.
    fn told(&mut self, i: usize, today: NaiveDate) -> Result<(), SimError> {
        let id = self.members[i].id;
        let Some(need) = self.members[i].need.as_mut() else {
            return Ok(());
        };
        if need.told.is_some() {
            return Ok(());
        }
        let text = need.text;
        need.told = Some(
            self.store
                .add_need_offer(Some(id), NeedOrOffer::Need, text, today)?,
        );
        if self.luck.f64() < world::HELP_UNPROMPTED {
            self.store.add_give(id, text, Kind::Message, today, today)?;
            self.tally.gives += 1;
            self.touched(i, today, true);
        }
        Ok(())
    }

    /// One day of the world: bonds cool, some people write first, change jobs, or come
    /// to need something. Every member draws the same numbers whatever the user did.
    fn world_day(&mut self, today: NaiveDate) -> Result<(), SimError> {
        for i in 0..self.members.len() {
            let (first, job, need) = (self.world.f64(), self.world.f64(), self.world.f64());
            let m = &mut self.members[i];
            m.bond = world::decayed(m.bond, 1.0, m.half_life);
            if m.met_on.is_some_and(|met| met >= today) {
                continue;
            }
            if job < world::JOB_CHANGE_DAILY {
                let (org, title) = setup::job(&mut self.world, m.fits_goal);
                if org != m.org {
                    m.org = org;
                    m.title = title;
                    m.job_changed = true;
                }
            }
            if m.need.as_ref().is_some_and(|n| n.until < today) {
                m.need = None;
            }
            if m.need.is_none() && need < world::NEED_DAILY {
                let (lo, hi) = world::NEED_DAYS;
                let days = self.world.u32(lo..=hi);
                m.need = Some(WorldNeed {
                    text: NEEDS[self.world.usize(..NEEDS.len())],
                    until: today + Duration::days(i64::from(days)),
                    told: None,
                    helped: false,
                });
            }
            if first < world::inbound_chance(m.bond, m.cadence) {
                self.tally.written_first += 1;
                self.log(
                    i,
                    today,
                    Kind::Message,
                    Direction::Inbound,
                    "wrote to say hello",
                )?;
                self.settle(i, world::INBOUND_GAIN);
                self.told(i, today)?;
            }
        }
        Ok(())
    }

    /// The monthly LinkedIn export, imported: it shows who changed jobs, which the plan
    /// offers to congratulate.
    fn linkedin_export(&mut self, today: NaiveDate) -> Result<(), SimError> {
        let records: Vec<_> = (self.members.iter())
            .filter(|m| m.job_changed)
            .map(setup::linkedin_record)
            .collect();
        if records.is_empty() {
            return Ok(());
        }
        setup::import_linkedin(&self.store, &records, today)?;
        for m in &mut self.members {
            m.job_changed = false;
        }
        Ok(())
    }

    /// An event: a few new people met in person, added as `warmline add --met` adds
    /// them (with the after-event follow-up), and the meeting logged.
    fn event(&mut self, today: NaiveDate, n: u32) -> Result<(), SimError> {
        let name = format!("Design meetup #{n}");
        let event = self.store.add_event(&name, Some(today), None, today)?;
        let settings = self.store.settings()?;
        let (lo, hi) = world::MET_PER_EVENT;
        for _ in 0..self.world.u32(lo..=hi) {
            let fits_goal = self.world.f64() < world::GOAL_FIT_SHARE;
            let (org, title) = setup::job(&mut self.world, fits_goal);
            let tier = Tier::Regular;
            let new = NewPerson {
                name: setup::name(self.named),
                org: Some(org.clone()),
                title: Some(title.clone()),
                linkedin: Some(format!("https://www.linkedin.com/in/sim-{}", self.named)),
                met: Met {
                    context: Some(name.clone()),
                    on: Some(today),
                    event_id: Some(event),
                },
                tier: Some(tier),
                ..NewPerson::default()
            };
            let after = after_event_due(&new.met, settings.after_event_days, today);
            let id = self.store.atomic(|s| {
                let id = s.add_person(&new, today)?;
                if let Some(due) = after {
                    s.add_follow_up(id, AFTER_EVENT_TEXT, due, Origin::AfterEvent, today)?;
                }
                Ok(id)
            })?;
            if fits_goal {
                self.store
                    .set_goal_stage(self.goal, id, Stage::Identified, today)?;
            }
            self.index.insert(id, self.members.len());
            self.members.push(Member {
                id,
                name: new.name.clone(),
                tier,
                cadence: settings.tier_cadences.for_tier(tier),
                bond: world::NEW_BOND,
                half_life: world::NEW_HALF_LIFE_DAYS,
                last_contact: today,
                met_on: Some(today),
                followed_up: None,
                org,
                title,
                linkedin: new.linkedin.clone().unwrap_or_default(),
                fits_goal,
                need: None,
                job_changed: false,
            });
            self.named += 1;
            let i = self.members.len() - 1;
            self.log(
                i,
                today,
                Kind::Event,
                Direction::Mutual,
                "met at the meetup",
            )?;
        }
        Ok(())
    }

    fn report(&self) -> Result<Report, SimError> {
        let end = start_date() + Duration::days(i64::from(self.config.days) - 1);
        let touches = self.store.all_touches()?;
        let warmth = figures::warmth_counts(&self.members, &touches, end);
        // Those met at least two days before the end had their two days.
        let met: Vec<Option<i64>> = (self.members.iter())
            .filter_map(|m| {
                let on = m.met_on?;
                ((end - on).num_days() >= 2).then(|| m.followed_up.map(|f| (f - on).num_days()))
            })
            .collect();
        let within_2d = met.iter().filter(|l| l.is_some_and(|d| d <= 2)).count();
        Ok(Report {
            policy: self.config.policy,
            people: self.config.people,
            days: self.config.days,
            minutes: self.config.minutes,
            seed: self.config.seed,
            start: start_date(),
            end,
            within_cadence: figures::within_cadence(&self.members, end),
            followed_up_2d: share(within_2d, met.len()),
            median_follow_up_days: figures::median_days(&met),
            warm_ties: warmth.warm_ties(),
            warmth,
            gives: self.tally.gives,
            asks: self.tally.asks,
            minutes_spent: self.tally.minutes,
            notes_sent: self.tally.notes,
            replies: self.tally.replies,
            written_first: self.tally.written_first,
            calls: self.tally.calls,
            new_people: (self.members.len() - self.config.people) as u32,
            never_followed_up: met.iter().filter(|l| l.is_none()).count() as u32,
            funnel: self.store.goal_funnel(self.goal)?,
            series: self.series.clone(),
        })
    }
}
