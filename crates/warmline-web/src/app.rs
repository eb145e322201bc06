//! The server's shared state: where the database is, a small pool of open stores, what
//! day it is, and an in-memory copy of everyone's summary for the People list.
//!
//! `Store` is synchronous and owns one SQLite connection, so handlers never touch it on
//! the async runtime: [`App::run`] takes a store from the pool, runs the closure on a
//! blocking thread, and puts the store back. SQLite in WAL mode with a busy timeout lets
//! these connections and the command line write to the same file at once.
//!
//! Lists need warmth and next-due dates, which are computed from every interaction; at
//! 100,000 people that takes most of a second, far too long to do per request. The
//! summaries are therefore computed once and kept. A watcher connection that never writes
//! reads SQLite's `data_version`, which moves whenever any other connection (ours or
//! another process's) commits; the store's summary change log (written by triggers, so
//! every write path keeps it) then names the people whose summary may have moved, and only
//! those are read again. A change made from the command line shows on the next page load.
//! Today's plan is kept until the database changes.
//!
//! Memory stays bounded whatever the load: at most [`POOL_SIZE`] requests hold a store at
//! once (the rest wait their turn; with two cores more would only queue inside SQLite),
//! and each store's page cache is small, since the operating system caches the file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::NaiveDate;
use warmline_core::person::PersonId;
use warmline_core::plan::Plan;
use warmline_core::text::fold;
use warmline_store::{ListFilter, PersonSummary, Store, StoreError, SummaryChanges};

use crate::error::WebError;

/// How many stores (SQLite connections) the server holds at most.
const POOL_SIZE: usize = 8;

/// The same for one account of a hosted server: one person's clicks need no more, and
/// memory then grows with the number of open accounts, which is bounded too.
pub const HOSTED_POOL_SIZE: usize = 2;

/// The most people a change may touch for their summaries to be read one by one; past
/// that, reading everyone in one pass is as quick.
const CHANGED_AT_MOST: usize = 2_000;

/// How many of the pool's stores searches may hold at once. A search of a common word
/// reads much of the index; a flood of them once held every store while a Person page
/// waited behind. Two cores run two at a time anyway.
const SEARCH_PERMITS: usize = 2;

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

fn uploads(beside: &std::path::Path) -> Result<crate::uploads::Uploads, StoreError> {
    crate::uploads::Uploads::create(beside).map_err(|e| StoreError::Open {
        path: beside.to_path_buf(),
        reason: format!("cannot make a private folder for uploads: {e}"),
    })
}

/// Everyone's summary on one date, in name order, as of a point of the store's summary
/// change log.
pub struct People {
    point: i64,
    today: NaiveDate,
    /// Shared with the next copy, which replaces only the summaries that changed.
    pub list: Vec<Arc<PersonSummary>>,
    index: HashMap<PersonId, Arc<PersonSummary>>,
    /// Every tag and organisation in use, for the filter menus.
    pub tags: Vec<String>,
    pub orgs: Vec<String>,
    /// How many people hold each tag and organisation, so a change can tell whether one
    /// came into use or went out of it.
    tag_counts: BTreeMap<String, usize>,
    org_counts: BTreeMap<String, usize>,
}

impl People {
    fn new(point: i64, today: NaiveDate, list: Vec<PersonSummary>) -> People {
        let list: Vec<Arc<PersonSummary>> = list.into_iter().map(Arc::new).collect();
        let index = list.iter().map(|s| (s.id, s.clone())).collect();
        let mut people = People {
            point,
            today,
            list: Vec::new(),
            index,
            tags: Vec::new(),
            orgs: Vec::new(),
            tag_counts: BTreeMap::new(),
            org_counts: BTreeMap::new(),
        };
        for s in &list {
            people.count(s, true);
        }
        people.list = list;
        people.menus();
        people
    }

    /// A copy with the summaries of `changed` replaced by `fresh` (those missing from
    /// `fresh` were removed), still in name order.
    fn updated(&self, point: i64, changed: &[PersonId], fresh: Vec<PersonSummary>) -> People {
        let gone: HashSet<PersonId> = changed.iter().copied().collect();
        let mut next = People {
            point,
            today: self.today,
            list: self
                .list
                .iter()
                .filter(|s| !gone.contains(&s.id))
                .cloned()
                .collect(),
            index: self.index.clone(),
            tags: Vec::new(),
            orgs: Vec::new(),
            tag_counts: self.tag_counts.clone(),
            org_counts: self.org_counts.clone(),
        };
        for id in changed {
            if let Some(old) = next.index.remove(id) {
                next.count(&old, false);
            }
        }
        for s in fresh {
            let s = Arc::new(s);
            // The store lists people by their folded name, then id.
            let key = (fold(&s.name), s.id);
            let at = next
                .list
                .partition_point(|other| (fold(&other.name), other.id) < key);
            next.count(&s, true);
            next.index.insert(s.id, s.clone());
            next.list.insert(at, s);
        }
        next.menus();
        next
    }

    fn count(&mut self, s: &PersonSummary, add: bool) {
        let tally = |counts: &mut BTreeMap<String, usize>, key: &String| {
            if add {
                *counts.entry(key.clone()).or_default() += 1;
            } else if let Some(n) = counts.get_mut(key) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    counts.remove(key);
                }
            }
        };
        for tag in &s.tags {
            tally(&mut self.tag_counts, tag);
        }
        if let Some(org) = &s.org {
            tally(&mut self.org_counts, org);
        }
    }

    fn menus(&mut self) {
        self.tags = self.tag_counts.keys().cloned().collect();
        self.orgs = self.org_counts.keys().cloned().collect();
    }

    pub fn get(&self, id: PersonId) -> Option<&PersonSummary> {
        self.index.get(&id).map(|s| &**s)
    }

    /// The people passing `filter`, sorted as it says.
    pub fn filtered(&self, filter: &ListFilter) -> Vec<&PersonSummary> {
        let mut out: Vec<&PersonSummary> = self
            .list
            .iter()
            .map(|s| &**s)
            .filter(|s| filter.matches(s, self.today))
            .collect();
        out.sort_by(|a, b| filter.sort.compare(a, b));
        out
    }
}

/// Where an app's stores come from.
enum Source {
    /// An SQLite file, opened afresh for each connection of the pool.
    Sqlite(PathBuf),
    /// An account of a PostgreSQL database, through the server's shared connections.
    Postgres {
        pool: Arc<crate::server::pg_pool::PgPool>,
        account: i64,
    },
}

struct Inner {
    source: Source,
    today: Today,
    pool: Mutex<Vec<Store>>,
    pool_size: usize,
    /// One permit per store that may be open at once.
    permits: tokio::sync::Semaphore,
    /// Searches take one of these before a store's: however many arrive, they hold at
    /// most [`SEARCH_PERMITS`] stores, and the other pages the rest.
    search_permits: tokio::sync::Semaphore,
    /// SQLite's reader of `data_version`, a connection that never writes. PostgreSQL's
    /// version is the account's own number, which the request's connection reads.
    watcher: Option<Mutex<Store>>,
    /// Everyone's summaries and the database version they were last checked at.
    people: Mutex<Option<(i64, Arc<People>)>>,
    /// How many summaries have been computed, for tests that check a write costs only
    /// the people it touched.
    recomputed: AtomicUsize,
    /// Held while the summaries are recomputed, so that requests arriving meanwhile wait
    /// for that one result instead of each computing their own.
    rebuilding: Mutex<()>,
    plan: Mutex<Option<CachedPlan>>,
    /// Values made from much of the database (the DAV collections' rendered members),
    /// each kept with the version and date it was made at.
    memos: Mutex<HashMap<&'static str, Memo>>,
    uploads: crate::uploads::Uploads,
}

/// One of [`Inner::memos`].
struct Memo {
    version: i64,
    today: NaiveDate,
    value: Arc<dyn std::any::Any + Send + Sync>,
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

/// What a request knows, as it takes its store, of the day the account's last contacts
/// are settled up to.
enum Settled {
    /// Not read yet (SQLite: the settling reads it, in process).
    Unknown,
    /// Read with the account's entry (PostgreSQL), so settling needs no statement of its
    /// own when it is today.
    Read(Option<NaiveDate>),
}

/// Cheap to clone: every handler gets one.
///
/// Handlers take it as an extractor, read from the request's extensions: locally the
/// router inserts its one `App` on every request; in hosted mode the session layer
/// inserts the `App` of the logged-in account, and only that one. A handler has no other
/// way to reach a database, so none can name another account's data.
#[derive(Clone)]
pub struct App(Arc<Inner>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for App {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<App, WebError> {
        parts
            .extensions
            .get::<App>()
            .cloned()
            .ok_or_else(|| WebError::Internal("no database for this request".into()))
    }
}

/// A poisoned lock only means another request panicked while holding it; the data behind
/// these locks (a pool, a cache) stays usable, so carry on rather than fail every request.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl App {
    /// Opens the database (creating it and bringing its schema up to date).
    pub fn open(db: PathBuf, today: Today) -> Result<App, StoreError> {
        App::open_with(db, today, POOL_SIZE)
    }

    /// Opens one account's database for a hosted server, with a smaller pool.
    pub fn open_hosted(db: PathBuf, today: Today) -> Result<App, StoreError> {
        App::open_with(db, today, HOSTED_POOL_SIZE)
    }

    /// Opens one account of a hosted server on PostgreSQL, its connections lent by `pool`;
    /// uploads wait in a private folder beside `uploads_beside`.
    pub fn open_postgres(
        pool: Arc<crate::server::pg_pool::PgPool>,
        account: i64,
        uploads_beside: &std::path::Path,
        today: Today,
    ) -> Result<App, StoreError> {
        let uploads = uploads(uploads_beside)?;
        Ok(App::with(
            Source::Postgres { pool, account },
            None,
            uploads,
            today,
            HOSTED_POOL_SIZE,
        ))
    }

    fn open_with(db: PathBuf, today: Today, pool_size: usize) -> Result<App, StoreError> {
        let watcher = Store::open(&db)?;
        let uploads = uploads(&db)?;
        Ok(App::with(
            Source::Sqlite(db),
            Some(watcher),
            uploads,
            today,
            pool_size,
        ))
    }

    fn with(
        source: Source,
        watcher: Option<Store>,
        uploads: crate::uploads::Uploads,
        today: Today,
        pool_size: usize,
    ) -> App {
        App(Arc::new(Inner {
            source,
            today,
            pool: Mutex::new(Vec::new()),
            pool_size,
            permits: tokio::sync::Semaphore::new(pool_size),
            search_permits: tokio::sync::Semaphore::new(SEARCH_PERMITS),
            watcher: watcher.map(Mutex::new),
            people: Mutex::new(None),
            recomputed: AtomicUsize::new(0),
            rebuilding: Mutex::new(()),
            plan: Mutex::new(None),
            memos: Mutex::new(HashMap::new()),
            uploads,
        }))
    }

    /// The version the caches are checked against: SQLite's watcher's `data_version`, or
    /// the PostgreSQL account's number read through the request's connection.
    fn version(&self, store: &Store) -> Result<i64, StoreError> {
        match &self.0.watcher {
            Some(w) => lock(w).data_version(),
            None => store.data_version(),
        }
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
            let (store, settled) = app.checkout()?;
            // Meetings whose day has come count from now on (on SQLite one read once
            // settled; on PostgreSQL read as the connection entered the account).
            let settle = match settled {
                Settled::Unknown => store.settle_scheduled(app.today()),
                Settled::Read(as_of) => store.settle_scheduled_from(app.today(), as_of),
            };
            if let Err(e) = settle {
                app.checkin(store);
                return Err(e.into());
            }
            let ctx = Ctx {
                store,
                today: app.today(),
                app: app.clone(),
            };
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&ctx))) {
                Ok(result) => {
                    app.checkin(ctx.store);
                    result
                }
                Err(panic) => {
                    // A connection left mid-way is closed, never lent again.
                    app.drop_store(ctx.store);
                    std::panic::resume_unwind(panic)
                }
            }
        })
        .await
        .map_err(|e| WebError::Internal(format!("a request failed: {e}")))?;
        drop(permit);
        result
    }

    /// [`App::run`] for a search: it waits first for one of the few search permits, so
    /// searches queue among themselves and never take the stores other pages need.
    pub async fn run_search<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T, WebError> + Send + 'static,
    {
        let _search = self
            .0
            .search_permits
            .acquire()
            .await
            .map_err(|e| WebError::Internal(format!("a request failed: {e}")))?;
        self.run(f).await
    }

    fn checkout(&self) -> Result<(Store, Settled), StoreError> {
        let db = match &self.0.source {
            Source::Sqlite(db) => db,
            Source::Postgres { pool, account } => {
                let (store, entered) = pool.take(*account)?;
                return Ok((store, Settled::Read(entered.contacts_as_of)));
            }
        };
        if let Some(store) = lock(&self.0.pool).pop() {
            return Ok((store, Settled::Unknown));
        }
        let store = Store::open(db)?;
        store.set_cache_mib(CACHE_MIB)?;
        Ok((store, Settled::Unknown))
    }

    fn drop_store(&self, store: Store) {
        drop(store);
        if let Source::Postgres { pool, .. } = &self.0.source {
            pool.release();
        }
    }

    fn checkin(&self, store: Store) {
        if let Source::Postgres { pool, account } = &self.0.source {
            pool.give_back(*account, store);
            return;
        }
        let mut pool = lock(&self.0.pool);
        if pool.len() < self.0.pool_size {
            pool.push(store);
        }
    }

    /// Everyone's summaries. When the database has changed, only the people its change
    /// log names are read again; everyone when the date has changed, or the log says so.
    pub fn people(&self, store: &Store, today: NaiveDate) -> Result<Arc<People>, StoreError> {
        let fresh = |version: i64| {
            lock(&self.0.people)
                .as_ref()
                .filter(|(v, p)| *v == version && p.today == today)
                .map(|(_, p)| p.clone())
        };
        // Read the version before the data: a commit in between makes the copy look older
        // than it is, so it is checked once more, never kept stale.
        let version = self.version(store)?;
        if let Some(p) = fresh(version) {
            return Ok(p);
        }
        let _one_at_a_time = lock(&self.0.rebuilding);
        let version = self.version(store)?;
        if let Some(p) = fresh(version) {
            return Ok(p);
        }
        let kept = lock(&self.0.people)
            .as_ref()
            .map(|(_, p)| p.clone())
            .filter(|p| p.today == today);
        let people = match kept {
            Some(kept) => match store.summary_changes_since(kept.point, CHANGED_AT_MOST)? {
                (SummaryChanges::None, _) => kept,
                (SummaryChanges::People(ids), point) => {
                    let fresh = store.summaries(&ids, today)?;
                    self.0.recomputed.fetch_add(fresh.len(), Ordering::Relaxed);
                    Arc::new(kept.updated(point, &ids, fresh))
                }
                (SummaryChanges::Everyone, _) => Arc::new(self.everyone(store, today)?),
            },
            None => Arc::new(self.everyone(store, today)?),
        };
        *lock(&self.0.people) = Some((version, people.clone()));
        Ok(people)
    }

    fn everyone(&self, store: &Store, today: NaiveDate) -> Result<People, StoreError> {
        // The log's point before the summaries: whatever commits in between is read again.
        let point = store.summary_log_point()?;
        let list = store.list_people(&ListFilter::default(), today)?;
        self.0.recomputed.fetch_add(list.len(), Ordering::Relaxed);
        Ok(People::new(point, today, list))
    }

    /// How many person summaries this server has computed since it started.
    pub fn summaries_recomputed(&self) -> usize {
        self.0.recomputed.load(Ordering::Relaxed)
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
        let version = self.version(store)?;
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

impl App {
    /// The value `make` gives, made again only when the database or the date has
    /// changed since it was last made under `key`. A change made anywhere (another
    /// process, the command line) moves the version, so nothing stale is ever served.
    pub fn memo<T, E>(
        &self,
        store: &Store,
        today: NaiveDate,
        key: &'static str,
        make: impl FnOnce(&Store) -> Result<T, E>,
    ) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
        E: From<StoreError>,
    {
        // Read before making: a commit in between makes the value look older than it is.
        let version = self.version(store)?;
        let kept = lock(&self.0.memos)
            .get(key)
            .filter(|m| m.version == version && m.today == today)
            .and_then(|m| m.value.clone().downcast::<T>().ok());
        if let Some(value) = kept {
            return Ok(value);
        }
        let value = Arc::new(make(store)?);
        lock(&self.0.memos).insert(
            key,
            Memo {
                version,
                today,
                value: value.clone(),
            },
        );
        Ok(value)
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

    /// [`App::memo`] for this request's store and day.
    pub fn memo<T, E>(
        &self,
        key: &'static str,
        make: impl FnOnce(&Store) -> Result<T, E>,
    ) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
        E: From<StoreError>,
    {
        self.app.memo(&self.store, self.today, key, make)
    }
}
