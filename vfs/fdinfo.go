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

// FdinfoPos returns the offset for the pos line of /proc/PID/fdinfo/N,
// which may be read while another thread reads, writes or seeks the
// File. Linux reads f_pos without its lock; here it is read under the
// offset lock, which those calls hold only while they run: a File whose
// reads block (a pipe, socket or terminal) is a stream and takes no
// offset lock.
func (f *File) FdinfoPos() int64 {
	f.posMu.Lock()
	defer f.posMu.Unlock()
	return f.pos
}
