package anonfs

import "github.com/govfs/govfs/vfs"

// NoopSeekForTest lets the external tests build an object that seeks
// like the real ones.
type NoopSeekForTest = noopSeek

// EventpollForTest lets the external tests hold an epoll instance
// weakly, to see that nothing keeps a closed one alive.
type EventpollForTest = eventpoll

// EventpollOf returns the instance of an epoll File.
func EventpollOf(f *vfs.File) *EventpollForTest {
	ep, _ := f.Eventpoll().(*eventpoll)
	return ep
}
