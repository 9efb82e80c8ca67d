package vfs

// An executable cannot be written while it runs, nor run while it is
// open for writing: ETXTBSY ("text file busy") both ways. Linux counts
// both in the inode's i_writecount: each File open for writing adds one
// (get_write_access), each running image of the file takes one away
// (deny_write_access, held by the process's exe_file), and neither may
// cross zero while the other holds it.

// getWriteAccess counts a writer of i: ETXTBSY while i runs.
func getWriteAccess(i *Inode) error {
	for {
		n := i.writecount.Load()
		if n < 0 {
			return ETXTBSY
		}
		if i.writecount.CompareAndSwap(n, n+1) {
			return nil
		}
	}
}

// putWriteAccess drops what getWriteAccess counted.
func putWriteAccess(i *Inode) { i.writecount.Add(-1) }

// denyWriteAccess counts a running image of i: ETXTBSY while i is open
// for writing.
func denyWriteAccess(i *Inode) error {
	for {
		n := i.writecount.Load()
		if n > 0 {
			return ETXTBSY
		}
		if i.writecount.CompareAndSwap(n, n-1) {
			return nil
		}
	}
}

// allowWriteAccess drops what denyWriteAccess counted.
func allowWriteAccess(i *Inode) { i.writecount.Add(1) }
