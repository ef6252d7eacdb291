//! The allocator, with a count of the bytes each thread holds, so that the soak run can tell a
//! leak from the allocator keeping pages: when every campaign a thread played has been dropped,
//! the bytes it allocated are all given back, to the byte, whatever the resident memory says.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::ffi::c_void;

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

/// The alignment every mimalloc block of at least this size has (`MI_MAX_ALIGN_SIZE`).
const PLAIN_ALIGN: usize = 16;

/// Whether mimalloc's plain calls give this layout its alignment. The `mimalloc` crate always
/// calls the aligned ones, whose slow path took a tenth of a short campaign's time (every block
/// over 1 KiB, such as a turn's list of changes, goes through it).
fn plain(layout: &Layout) -> bool {
    layout.align() <= PLAIN_ALIGN && layout.align() <= layout.size()
}

unsafe impl GlobalAlloc for Counted {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on unchanged.
        let ptr = unsafe {
            if plain(&layout) { mi::mi_malloc(layout.size()).cast() } else { mimalloc::MiMalloc.alloc(layout) }
        };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe {
            if plain(&layout) { mi::mi_zalloc(layout.size()).cast() } else { mimalloc::MiMalloc.alloc_zeroed(layout) }
        };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator with this layout.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, and `new_size` is the caller's valid new size.
        let new = unsafe {
            let grown = Layout::from_size_align_unchecked(new_size, layout.align());
            if plain(&layout) && plain(&grown) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mimalloc::MiMalloc.realloc(ptr, layout, new_size)
            }
        };
        if !new.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        new
    }
}

/// Asks the kernel not to back this process's memory with transparent huge pages from now on;
/// returns whether it agreed (always `false` off Linux).
///
/// mimalloc asks for huge pages for the memory it takes from the system, and the kernel clears
/// each 2 MiB page the first time it is touched. A launch of the game client touches fresh memory
/// everywhere (Bevy's start, the map, the data files); on a host that honours the request,
/// clearing those pages was about a quarter of the CPU up to the title. Without them the launch
/// took 139 against 147 ms (medians of 74 alternating launches each; the slowest 205 against
/// 272), and the process held about a fifth less memory; see docs/performance.md. Only the game
/// client asks: a long headless run reuses its pages and has no launch to speed up.
pub fn without_huge_pages() -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) == 0 }
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::{Counted, live_bytes_on_this_thread};
    use std::alloc::{GlobalAlloc, Layout};

    #[test]
    fn every_block_has_its_alignment_through_growth_and_shrinking() {
        // Plain layouts, layouts smaller than their alignment and over-aligned ones, grown past
        // the small-block limit and shrunk again: the block keeps its alignment and its bytes.
        for (size, align) in [(1, 1), (8, 8), (24, 8), (4, 16), (48, 16), (32, 32), (100, 64), (8, 4096)] {
            let layout = Layout::from_size_align(size, align).unwrap();
            // SAFETY: a non-zero size; each block is freed with the layout it has.
            unsafe {
                let p = Counted.alloc(layout);
                assert!(!p.is_null() && (p as usize).is_multiple_of(align), "{size} bytes aligned to {align}");
                p.write_bytes(0xA5, size);
                let grown = Counted.realloc(p, layout, 5000);
                assert!(!grown.is_null() && (grown as usize).is_multiple_of(align), "{size}→5000 aligned to {align}");
                assert!((0..size).all(|k| *grown.add(k) == 0xA5));
                let shrunk = Counted.realloc(grown, Layout::from_size_align(5000, align).unwrap(), 2);
                assert!(!shrunk.is_null() && (shrunk as usize).is_multiple_of(align), "5000→2 aligned to {align}");
                assert_eq!(*shrunk, 0xA5);
                Counted.dealloc(shrunk, Layout::from_size_align(2, align).unwrap());
                let z = Counted.alloc_zeroed(layout);
                assert!(!z.is_null() && (z as usize).is_multiple_of(align));
                assert!((0..size).all(|k| *z.add(k) == 0));
                Counted.dealloc(z, layout);
            }
        }
    }

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

    #[cfg(target_os = "linux")]
    #[test]
    fn the_process_can_be_kept_off_huge_pages() {
        assert!(super::without_huge_pages());
        // SAFETY: PR_GET_THP_DISABLE reads the process's setting and touches no memory.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) }, 1);
    }
}
