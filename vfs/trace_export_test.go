package vfs

// WaitersForTest is how many Waiters sit on the File's wait queue: a
// test that wants a reader asleep before it writes waits for one.
func WaitersForTest(f *File) int32 { return f.EventQueue().n.Load() }
