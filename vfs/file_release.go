package vfs

import (
	"slices"
	"sync"
)

// Release hooks: what must forget a File when it dies. An epoll instance
// watching a file holds no reference to it (a watched fd can be closed
// at any time, and an epoll watching itself through another would keep
// itself alive), so it needs to hear when the file's last reference
// goes: Linux calls eventpoll_release from __fput for this.

// releaseHooks are the calls registered on one File. done is set, under
// mu, when they are taken to run, so a hook runs exactly once.
type releaseHooks struct {
	mu   sync.Mutex
	done bool
	fns  []*func()
}

// released marks a File whose hooks have been taken by DecRef.
var released = new(releaseHooks)

// OnRelease arranges for fn to run once, when the last reference to f
// goes, after the backend's Release and before the File lets go of its
// path. It runs in the goroutine that drops that reference, with no lock
// of the VFS held. The caller holds a reference to f (if it did not and
// f is already released, fn runs at once).
//
// stop cancels the call, as context.AfterFunc's does: it reports whether
// it stopped fn from running; false means fn has run, is running, or was
// stopped before. An epoll instance calls it when it drops its interest
// in a file that stays open, so the file does not keep it reachable.
// Registrations, stops and the release may race.
func (f *File) OnRelease(fn func()) (stop func() bool) {
	f.expose()
	h := f.release.Load()
	if h == nil {
		f.release.CompareAndSwap(nil, new(releaseHooks))
		h = f.release.Load()
	}
	if h == released {
		fn()
		return func() bool { return false }
	}
	h.mu.Lock()
	if h.done {
		h.mu.Unlock()
		fn()
		return func() bool { return false }
	}
	entry := &fn
	h.fns = append(h.fns, entry)
	h.mu.Unlock()
	return func() bool { return h.stop(entry) }
}

func (h *releaseHooks) stop(entry *func()) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, e := range h.fns {
		if e == entry {
			// slices.Delete clears the vacated slot, so a stopped hook
			// (and an epoll it would reach) is not kept alive by it.
			h.fns = slices.Delete(h.fns, i, i+1)
			return true
		}
	}
	return false
}

// runReleaseHooks runs the hooks of a File whose last reference went,
// in the order they were registered.
func (f *File) runReleaseHooks() {
	h := f.release.Swap(released)
	if h == nil {
		return
	}
	h.mu.Lock()
	h.done = true
	fns := h.fns
	h.fns = nil
	h.mu.Unlock()
	for _, fn := range fns {
		(*fn)()
	}
}
