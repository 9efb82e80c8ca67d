package vfs

// ShareFilesForTest makes c use p's fd table, as a thread made by
// clone(CLONE_FILES) would (govfs's threads are goroutines on one
// Process, so nothing else shares a table); c's own fds are closed.
func ShareFilesForTest(c, p *Process) {
	c.files.closeAll(false)
	c.files = p.files
}
