// Package tmpfs is the in-memory "disk" filesystem: regular files with
// sparse pages, directories, hard links, symlinks and the special
// inodes mknod(2) makes.
//
// It is small because the core does the work. Names live in the VFS
// dentry cache, so a directory keeps no table of its own (ramfs's
// trick); link counts and times come from the vfs libfs helpers; the
// path walk, permissions and every error the syscalls can give are the
// VFS's. What is left is the data:
//
//	open("/tmp/f") ─ vfs ─▶ dentry "f" ─▶ *regular (embeds vfs.Inode)
//	                                        pages: page index ─▶ *[4096]byte
//	                                        0 ─▶ [....]   7 ─▶ [....]   (1..6: holes, read as zeros)
//
// The page table (pages.go) keeps page 0 inline, the pages of a file
// written front to back in a slice and far-flung ones in a map, so a
// file with a byte at 1 TiB holds one page. Pages that fallocate(2)
// reserved but nobody wrote are ranges charged to the instance that
// hold no memory until written: they read as zeros and are holes to
// SEEK_DATA (data once a second fallocate covers them, as on Linux).
// A page's memory belongs to one file at one index for as long as the
// file holds it; then it is recycled, unless the file's pages may be
// aliased by a mapping.
//
// mmap(2) with MAP_SHARED needs one contiguous []byte that is the
// file's data, so the first shared mapping of a range moves its pages
// into one array (a region) whose 4 KiB parts become the page table's
// pages; the mapping is a subslice of it (mmap.go, which also says what
// a slice cannot model: SIGBUS past the end, page protections, faults).
// MAP_PRIVATE is a copy.
//
// Each Mount is a fresh instance with tmpfs(5)'s options: size= (in
// bytes, with k/m/g; 0 is unlimited), nr_inodes=, mode=, uid=, gid=.
// Running out of either is ENOSPC. The root is mode 1777 by default.
package tmpfs
