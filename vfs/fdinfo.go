package vfs

// FdinfoShower is a File's own lines of /proc/PID/fdinfo/N, after the
// pos, flags, mnt_id and ino lines every File has (file_operations'
// show_fdinfo): a unix socket's scm_fds, an eventfd's count, an epoll's
// watched fds. Called by procfs when the file is opened, with no lock
// held; it appends to b and returns it. A File whose operations lack it
// shows the four lines alone, as Linux's regular files and pipes do.
type FdinfoShower interface {
	ShowFdinfo(f *File, b []byte) []byte
}

// ShowFdinfo appends f's own fdinfo lines to b (none if its operations
// are not a FdinfoShower).
func (f *File) ShowFdinfo(b []byte) []byte {
	if s, ok := f.ops.(FdinfoShower); ok {
		return s.ShowFdinfo(f, b)
	}
	return b
}
