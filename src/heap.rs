//! The allocator, with a count of the bytes each thread holds, so that the soak run can tell a
//! leak from the allocator keeping pages: when every campaign a thread played has been dropped,
//! the bytes it allocated are all given back, to the byte, whatever the resident memory says.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

thread_local! {
    /// Bytes allocated on this thread minus bytes freed on it. A block freed on another thread
    /// than the one that allocated it moves the count between the two; the sum over the
    /// threads is what the process holds.
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

/// Bytes allocated minus bytes freed on the calling thread so far.
pub fn live_bytes_on_this_thread() -> isize {
    LIVE.with(Cell::get)
}

fn count(delta: isize) {
    // `try_with`: during a thread's teardown the count may already be gone.
    let _ = LIVE.try_with(|live| live.set(live.get().wrapping_add(delta)));
}

/// mimalloc, with the per-thread count kept beside it.
pub struct Counted;

unsafe impl GlobalAlloc for Counted {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on unchanged.
        let ptr = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator with this layout.
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, and `new_size` is the caller's valid new size.
        let new = unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::live_bytes_on_this_thread;

    #[test]
    fn the_count_follows_allocations_and_frees() {
        let before = live_bytes_on_this_thread();
        let mut v: Vec<u8> = Vec::with_capacity(1000);
        assert_eq!(live_bytes_on_this_thread() - before, 1000);
        v.reserve_exact(3000);
        assert_eq!(live_bytes_on_this_thread() - before, 3000);
        drop(v);
        assert_eq!(live_bytes_on_this_thread(), before);
        // A leak stays counted.
        std::mem::forget(vec![0u8; 200]);
        assert_eq!(live_bytes_on_this_thread() - before, 200);
    }
}
