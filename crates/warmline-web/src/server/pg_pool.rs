//! The PostgreSQL connections of a hosted server, shared by every account and bounded:
//! however many accounts are open, the server holds at most `max` connections. A
//! connection is lent to one account at a time and moved to it first
//! ([`Store::enter_postgres_account`]), so row-level security shows it that account's
//! rows only; one already on the account is preferred.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use warmline_store::{Entered, Store, StoreError};

pub struct PgPool {
    config: String,
    max: usize,
    state: Mutex<State>,
    freed: Condvar,
}

#[derive(Default)]
struct State {
    /// Idle connections and the account each is on.
    idle: Vec<(i64, Store)>,
    /// Connections lent out now.
    out: usize,
}

impl PgPool {
    pub fn new(config: &str, max: usize) -> PgPool {
        PgPool {
            config: config.to_string(),
            max: max.max(1),
            state: Mutex::new(State::default()),
            freed: Condvar::new(),
        }
    }

    pub fn config(&self) -> &str {
        &self.config
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A connection working for `account`, waiting while all are lent out, with what
    /// entering the account read (its version, the day it is settled up to): one round
    /// trip, whether the connection was on the account or another. Blocking: call it on a
    /// blocking thread.
    pub fn take(&self, account: i64) -> Result<(Store, Entered), StoreError> {
        let reused = {
            let mut state = self.lock();
            while state.idle.is_empty() && state.out >= self.max {
                state = self
                    .freed
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            state.out += 1;
            let at = state
                .idle
                .iter()
                .position(|(a, _)| *a == account)
                .or_else(|| state.idle.len().checked_sub(1));
            at.map(|i| state.idle.swap_remove(i))
        };
        let store = match reused {
            Some((_, store)) => Ok(store),
            None => Store::open_postgres(&self.config, account),
        };
        let entered = store.and_then(|store| {
            let entered = store.enter_postgres_account(account)?;
            Ok((store, entered))
        });
        if entered.is_err() {
            self.release();
        }
        entered
    }

    /// Returns a connection lent by [`PgPool::take`] for `account`.
    pub fn give_back(&self, account: i64, store: Store) {
        let mut state = self.lock();
        state.out = state.out.saturating_sub(1);
        state.idle.push((account, store));
        drop(state);
        self.freed.notify_one();
    }

    /// A lent connection was dropped instead of given back.
    pub fn release(&self) {
        let mut state = self.lock();
        state.out = state.out.saturating_sub(1);
        drop(state);
        self.freed.notify_one();
    }

    /// How many connections are open (idle or lent).
    pub fn open(&self) -> usize {
        let state = self.lock();
        state.idle.len() + state.out
    }
}
