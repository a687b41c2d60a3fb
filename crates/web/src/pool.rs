//! The threaded module's rayon pool on Web Workers (feature `threads`).
//!
//! Each pool thread is a Web Worker that instantiates this same module on the same shared memory
//! and then runs one rayon worker loop. Starting those Workers is JavaScript's job
//! (`js/worker.js` spawns `js/pool.js`, each by a literal `new URL(…, import.meta.url)`, which is
//! what lets Vite and webpack bundle them); this side hands each one its rayon thread.
//!
//! wasm-bindgen-rayon does the same, but its JS helper spawns its Workers from a `blob:` copy of
//! itself and imports the glue by a computed URL, which no bundler can follow, so the package
//! carries these few lines instead.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use rayon::{ThreadBuilder, ThreadPoolBuilder};
use wasm_bindgen::prelude::*;

/// Rayon threads waiting for a Worker to run them.
type Threads = Arc<Mutex<Receiver<ThreadBuilder>>>;

/// A pool being started: create it, start `threads` Workers that each call
/// [`run_pool_thread`] with [`PoolStart::threads_handle`], then call [`PoolStart::build`].
#[wasm_bindgen]
pub struct PoolStart {
    threads: usize,
    sender: SyncSender<ThreadBuilder>,
    receiver: Threads,
}

#[wasm_bindgen]
impl PoolStart {
    #[wasm_bindgen(constructor)]
    pub fn new(threads: usize) -> Result<PoolStart, JsError> {
        if !(1..=64).contains(&threads) {
            return Err(JsError::new("the pool needs 1 to 64 threads"));
        }
        let (sender, receiver) = sync_channel(threads);
        Ok(PoolStart {
            threads,
            sender,
            receiver: Arc::new(Mutex::new(receiver)),
        })
    }

    /// An address a pool Worker passes back to [`run_pool_thread`]; valid until that Worker has
    /// taken its thread (the `Arc` it points to is cloned there).
    #[wasm_bindgen(js_name = threadsHandle)]
    pub fn threads_handle(&self) -> usize {
        &self.receiver as *const Threads as usize
    }

    /// Makes the global rayon pool; every Worker must already be waiting in [`run_pool_thread`].
    pub fn build(self) -> Result<(), JsError> {
        let sender = self.sender.clone();
        ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .spawn_handler(move |thread| {
                sender
                    .send(thread)
                    .map_err(|e| std::io::Error::other(e.to_string()))
            })
            .build_global()
            .map_err(|e| JsError::new(&format!("could not start the thread pool: {e}")))?;
        // The Workers hold their own clones of the receiver; `self` may go.
        Ok(())
    }
}

/// Runs in a pool Worker: takes the receiver's `Arc` at once (so the page's [`PoolStart`] may be
/// dropped), then blocks until [`PoolStart::build`] hands this Worker its rayon thread, and runs
/// it for the Worker's life.
#[wasm_bindgen(js_name = runPoolThread)]
pub fn run_pool_thread(handle: usize, ready: &js_sys::Function) {
    // SAFETY: `handle` comes from `PoolStart::threads_handle` of a `PoolStart` that the starting
    // Worker keeps alive until every pool Worker has called `ready` (js/worker.js awaits them all
    // before calling `build`), and the memory is shared, so the address is valid here.
    let threads: Threads = unsafe { (*(handle as *const Threads)).clone() };
    let _ = ready.call0(&JsValue::UNDEFINED);
    let thread = threads.lock().ok().and_then(|r| r.recv().ok());
    if let Some(thread) = thread {
        thread.run();
    }
}
