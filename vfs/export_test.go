package vfs

// SetCredForTest installs c as p's credentials. The syscalls cannot make
// the real and effective ids differ (there is no setresuid), but access(2)
// is about exactly that, so the tests set them directly.
func SetCredForTest(p *Process, c Cred) { p.cred.Store(&c) }
