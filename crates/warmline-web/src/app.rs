//! The server's shared state: where the database is, a small pool of open stores, what
//! day it is, and an in-memory copy of everyone's summary for the People list.
//!
//! `Store` is synchronous and owns one SQLite connection, so handlers never touch it on
//! the async runtime: [`App::run`] takes a store from the pool, runs the closure on a
//! blocking thread, and puts the store back. SQLite in WAL mode with a busy timeout lets
//! these connections and the command line write to the same file at once.
//!
//! Lists need warmth and next-due dates, which are computed from every interaction; at
//! 10,000 people that takes tens of milliseconds, far too long to do per request. The
//! summaries are therefore computed once and kept until the database changes. A watcher
//! connection that never writes reads SQLite's `data_version`, which moves whenever any
//! other connection (ours or another process's) commits, so a change made from the
//! command line shows on the next page load. Today's plan is kept the same way.
//!
//! Memory stays bounded whatever the load: at most [`POOL_SIZE`] requests hold a store at
//! once (the rest wait their turn; with two cores more would only queue inside SQLite),
//! and each store's page cache is small, since the operating system caches the file.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::NaiveDate;
use warmline_core::person::PersonId;
use warmline_core::plan::Plan;
use warmline_store::{ListFilter, PersonSummary, Store, StoreError};

use crate::error::WebError;

/// How many stores (SQLite connections) the server holds at most.
const POOL_SIZE: usize = 8;

/// Each server connection's page cache, in MiB. The command line's larger default is for
/// bulk loads; here eight connections share what the operating system caches anyway.
const CACHE_MIB: u32 = 4;

/// What day it is for the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Today {
    /// Pinned (`WARMLINE_TODAY`, tests, demos).
    Fixed(NaiveDate),
    /// The local date, read on every request so a server left running rolls over.
    Local,
}

impl Today {
    pub fn get(self) -> NaiveDate {
        match self {
            Today::Fixed(d) => d,
            Today::Local => chrono::Local::now().date_naive(),
        }
    }
}

/// Everyone's summary at one database version and date, in name order.
pub struct People {
    version: i64,
    today: NaiveDate,
    pub list: Vec<PersonSummary>,
    index: HashMap<PersonId, usize>,
    /// Every tag and organisation in use, for the filter menus.
    pub tags: Vec<String>,
    pub orgs: Vec<String>,
}

impl People {
    pub fn get(&self, id: PersonId) -> Option<&PersonSummary> {
        self.index.get(&id).and_then(|i| self.list.get(*i))
    }

    /// The people passing `filter`, sorted as it says.
    pub fn filtered(&self, filter: &ListFilter) -> Vec<&PersonSummary> {
        let mut out: Vec<&PersonSummary> = self
            .list
            .iter()
            .filter(|s| filter.matches(s, self.today))
            .collect();
        out.sort_by(|a, b| filter.sort.compare(a, b));
        out
    }
}

struct Inner {
    db: PathBuf,
    today: Today,
    pool: Mutex<Vec<Store>>,
    /// One permit per store that may be open at once.
    permits: tokio::sync::Semaphore,
    watcher: Mutex<Store>,
    people: Mutex<Option<Arc<People>>>,
    /// Held while the summaries are recomputed, so that requests arriving meanwhile wait
    /// for that one result instead of each computing their own.
    rebuilding: Mutex<()>,
    plan: Mutex<Option<CachedPlan>>,
    uploads: crate::uploads::Uploads,
}

/// Today's plan as computed at one database version, date and time budget, with the
/// number of people (the page says when the network is empty).
struct CachedPlan {
    version: i64,
    today: NaiveDate,
    minutes: u32,
    plan: Plan,
    people: i64,
}

/// Cheap to clone: every handler gets one.
#[derive(Clone)]
pub struct App(Arc<Inner>);

/// A poisoned lock only means another request panicked while holding it; the data behind
/// these locks (a pool, a cache) stays usable, so carry on rather than fail every request.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl App {
    /// Opens the database (creating it and bringing its schema up to date).
    pub fn open(db: PathBuf, today: Today) -> Result<App, StoreError> {
        let watcher = Store::open(&db)?;
        let uploads = crate::uploads::Uploads::create(&db).map_err(|e| StoreError::Open {
            path: db.clone(),
            reason: format!("cannot make a private folder for uploads: {e}"),
        })?;
        Ok(App(Arc::new(Inner {
            db,
            today,
            pool: Mutex::new(Vec::new()),
            permits: tokio::sync::Semaphore::new(POOL_SIZE),
            watcher: Mutex::new(watcher),
            people: Mutex::new(None),
            rebuilding: Mutex::new(()),
            plan: Mutex::new(None),
            uploads,
        })))
    }

    /// Where uploads wait between preview and Confirm.
    pub fn uploads(&self) -> &crate::uploads::Uploads {
        &self.0.uploads
    }

    pub fn today(&self) -> NaiveDate {
        self.0.today.get()
    }

    /// Runs `f` with a store on a blocking thread.
    pub async fn run<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T, WebError> + Send + 'static,
    {
        // Never closed, so acquiring only waits; the permit lives until the work is done.
        let permit = self
            .0
            .permits
            .acquire()
            .await
            .map_err(|e| WebError::Internal(format!("a request failed: {e}")))?;
        let app = self.clone();
        let result = tokio::task::spawn_blocking(move || {
            let store = app.checkout()?;
            // Meetings whose day has come count from now on (one read once settled).
            store.settle_scheduled(app.today())?;
            let ctx = Ctx {
                store,
                today: app.today(),
                app: app.clone(),
            };
            let result = f(&ctx);
            app.checkin(ctx.store);
            result
        })
        .await
        .map_err(|e| WebError::Internal(format!("a request failed: {e}")))?;
        drop(permit);
        result
    }

    fn checkout(&self) -> Result<Store, StoreError> {
        if let Some(store) = lock(&self.0.pool).pop() {
            return Ok(store);
        }
        let store = Store::open(&self.0.db)?;
        store.set_cache_mib(CACHE_MIB)?;
        Ok(store)
    }

    fn checkin(&self, store: Store) {
        let mut pool = lock(&self.0.pool);
        if pool.len() < POOL_SIZE {
            pool.push(store);
        }
    }

    /// Everyone's summaries, recomputed only when the database or the date has changed.
    pub fn people(&self, store: &Store, today: NaiveDate) -> Result<Arc<People>, StoreError> {
        let fresh = |version: i64| {
            lock(&self.0.people)
                .as_ref()
                .filter(|p| p.version == version && p.today == today)
                .cloned()
        };
        // Read the version before the data: a commit in between makes the copy look older
        // than it is, so it is recomputed once more, never kept stale.
        let version = lock(&self.0.watcher).data_version()?;
        if let Some(p) = fresh(version) {
            return Ok(p);
        }
        let _one_at_a_time = lock(&self.0.rebuilding);
        let version = lock(&self.0.watcher).data_version()?;
        if let Some(p) = fresh(version) {
            return Ok(p);
        }
        let list = store.list_people(&ListFilter::default(), today)?;
        let index = list.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        let tags: BTreeSet<&String> = list.iter().flat_map(|s| &s.tags).collect();
        let tags = tags.into_iter().cloned().collect();
        let orgs: BTreeSet<&String> = list.iter().filter_map(|s| s.org.as_ref()).collect();
        let orgs = orgs.into_iter().cloned().collect();
        let people = Arc::new(People {
            version,
            today,
            list,
            index,
            tags,
            orgs,
        });
        *lock(&self.0.people) = Some(people.clone());
        Ok(people)
    }
}

impl App {
    /// Today's plan for `minutes`, with the number of people; recomputed only when the
    /// database, the date or the budget has changed. Planning reads much of the network,
    /// and Today is the page opened most.
    pub fn plan(
        &self,
        store: &Store,
        today: NaiveDate,
        minutes: u32,
    ) -> Result<(Plan, i64), StoreError> {
        let version = lock(&self.0.watcher).data_version()?;
        if let Some(c) = lock(&self.0.plan)
            .as_ref()
            .filter(|c| c.version == version && c.today == today && c.minutes == minutes)
        {
            return Ok((c.plan.clone(), c.people));
        }
        let plan = store.today_plan(today, minutes)?;
        let people = store.count_people()?;
        *lock(&self.0.plan) = Some(CachedPlan {
            version,
            today,
            minutes,
            plan: plan.clone(),
            people,
        });
        Ok((plan, people))
    }
}

/// What a handler's closure gets: an open store, today, and the app for its caches.
pub struct Ctx {
    pub store: Store,
    pub today: NaiveDate,
    app: App,
}

impl Ctx {
    pub fn people(&self) -> Result<Arc<People>, StoreError> {
        self.app.people(&self.store, self.today)
    }

    pub fn plan(&self, minutes: u32) -> Result<(Plan, i64), StoreError> {
        self.app.plan(&self.store, self.today, minutes)
    }
}
