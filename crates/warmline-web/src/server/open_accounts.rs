//! The accounts' databases open at once, least recently used closed first, so the
//! server's memory is bounded whatever the number of accounts: each open account holds
//! at most [`crate::app::HOSTED_POOL_SIZE`] connections with a small page cache, and its
//! summaries.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use warmline_store::accounts::AccountId;

use crate::app::App;

pub struct OpenAccounts {
    capacity: usize,
    inner: Mutex<Lru>,
}

#[derive(Default)]
struct Lru {
    tick: u64,
    apps: HashMap<AccountId, (App, u64)>,
}

impl OpenAccounts {
    pub fn new(capacity: usize) -> OpenAccounts {
        OpenAccounts {
            capacity: capacity.max(1),
            inner: Mutex::new(Lru::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lru> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn get(&self, id: AccountId) -> Option<App> {
        let mut lru = self.lock();
        lru.tick += 1;
        let tick = lru.tick;
        lru.apps.get_mut(&id).map(|(app, used)| {
            *used = tick;
            app.clone()
        })
    }

    /// Keeps `app` open for `id` (or the one another request opened meanwhile), closing
    /// the least recently used beyond the capacity. Requests still holding a closed one
    /// finish with it.
    pub fn insert(&self, id: AccountId, app: App) -> App {
        let mut lru = self.lock();
        lru.tick += 1;
        let tick = lru.tick;
        if let Some((existing, used)) = lru.apps.get_mut(&id) {
            *used = tick;
            return existing.clone();
        }
        lru.apps.insert(id, (app.clone(), tick));
        while lru.apps.len() > self.capacity {
            let oldest = lru
                .apps
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(id, _)| *id);
            match oldest {
                Some(old) => lru.apps.remove(&old),
                None => break,
            };
        }
        app
    }

    pub fn remove(&self, id: AccountId) {
        self.lock().apps.remove(&id);
    }

    pub fn len(&self) -> usize {
        self.lock().apps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Removes old unconfirmed uploads of every open account.
    pub fn sweep_uploads(&self) {
        let apps: Vec<App> = self.lock().apps.values().map(|(a, _)| a.clone()).collect();
        for app in apps {
            app.uploads().sweep();
        }
    }
}
