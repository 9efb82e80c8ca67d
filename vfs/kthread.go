package vfs

// KernelThread returns a process for work the kernel does on its own
// behalf inside one filesystem, as a kernel thread does: root's
// credentials, umask 0, no fds, and its root and working directory at
// mnt's root. devtmpfs makes its nodes this way: Linux's kdevtmpfs
// thread chroots into its own mount of devtmpfs and calls mknod, mkdir
// and chown there (devtmpfs.c: devtmpfs_setup, handle_create).
//
// A kernel thread has pid 0 and no place in the process table, so
// /proc, wait(2) and Shutdown never see it; it holds mnt and its fd
// table for as long as the kernel lives, which for an internal mount
// (KernMount) is what the mount does anyway. It must not Exit or Fork.
func (k *Kernel) KernelThread(mnt *Mount) *Process {
	p := &Process{k: k, exitDone: make(chan struct{})}
	p.nofileCur.Store(defaultNofile)
	p.nofileMax.Store(NR_OPEN)
	p.cred.Store(rootCred)
	p.files = newFDTable()
	root := Path{mnt, mnt.root}
	p.paths.Store(&fsPaths{root: root, cwd: root})
	root.get()
	root.get()
	return p
}
