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
//	                                        pages: map[page index]*[4096]byte
//	                                        0 ─▶ [....]   7 ─▶ [....]   (1..6: holes, read as zeros)
//
// Each Mount is a fresh instance with tmpfs(5)'s options: size= (in
// bytes, with k/m/g; 0 is unlimited), nr_inodes=, mode=, uid=, gid=.
// Running out of either is ENOSPC. The root is mode 1777 by default.
package tmpfs
