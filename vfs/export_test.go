package vfs

// SetCredForTest installs c as p's credentials. The syscalls cannot make
// the real and effective ids differ (there is no setresuid), but access(2)
// is about exactly that, so the tests set them directly.
func SetCredForTest(p *Process, c Cred) { p.cred.Store(&c) }

// FileForTest returns the File at fd with a reference the caller owns.
func FileForTest(p *Process, fd int) *File {
	f, err := p.files.get(fd)
	if err != nil {
		panic(err)
	}
	return f.expose()
}

// SetUmountHookForTest runs f inside umount(2), after it found the mount
// unused and before it detaches it.
func SetUmountHookForTest(f func()) { testHookUmountCounted = f }

// TryGetForTest is what an open does with the path its walk found.
func TryGetForTest(at Path) bool { return at.tryGet() }

// ReadForTest is read(2) on a File the caller holds by pointer.
func ReadForTest(f *File, p []byte) (int, error) { return f.readAt(p, -1) }
