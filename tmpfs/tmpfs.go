package tmpfs

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/govfs/govfs/vfs"
)

// FileSystemType is tmpfs: every Mount is a fresh, empty instance.
type FileSystemType struct{}

var _ vfs.FileSystemType = FileSystemType{}

// Name is "tmpfs".
func (FileSystemType) Name() string { return "tmpfs" }

// Register adds tmpfs to k.
func Register(k *vfs.Kernel) error { return k.RegisterFileSystem(FileSystemType{}) }

// super is one tmpfs instance (shmem_sb_info): its limits and what is
// used of them. A limit of 0 means unlimited, as size=0 does on Linux.
type super struct {
	sb         *vfs.SuperBlock
	mu         sync.Mutex // serializes Remount
	maxPages   atomic.Int64
	usedPages  atomic.Int64
	maxInodes  atomic.Int64
	usedInodes atomic.Int64
}

// options are tmpfs(5)'s mount options.
type options struct {
	size, nrInodes int64
	mode           uint32
	uid, gid       uint32
}

// Mount makes a new instance from options like "size=64k,nr_inodes=10,mode=755".
func (FileSystemType) Mount(k *vfs.Kernel, source string, flags uintptr, data string) (*vfs.SuperBlock, error) {
	return FillSuper(k, FileSystemType{}, data)
}

// FillSuper makes a new instance as Mount does, owned by the filesystem
// type t (shmem_fill_super). A filesystem that is a tmpfs under another
// name uses it rather than a copy of tmpfs: devtmpfs fills its one
// superblock this way, as Linux's does, so /dev takes files,
// directories, links and nodes like any tmpfs.
func FillSuper(k *vfs.Kernel, t vfs.FileSystemType, data string) (*vfs.SuperBlock, error) {
	o, err := parseOptions(data)
	if err != nil {
		return nil, err
	}
	s := &super{}
	s.maxPages.Store(pagesTo(o.size))
	s.maxInodes.Store(o.nrInodes)
	s.sb = vfs.NewSuperBlock(k, t, vfs.TMPFS_MAGIC, s)
	root, err := s.newDir(vfs.Attr{Mode: vfs.S_IFDIR | o.mode, Uid: o.uid, Gid: o.gid})
	if err != nil {
		return nil, err
	}
	s.sb.SetRoot(&root.Inode)
	return s.sb, nil
}

func parseOptions(data string) (options, error) {
	o := options{mode: 0o1777}
	for _, kv := range vfs.ParseMountOptions(data) {
		var err error
		switch kv[0] {
		case "size":
			o.size, err = parseSize(kv[1])
		case "nr_inodes":
			o.nrInodes, err = parseSize(kv[1])
		case "mode":
			var m uint64
			m, err = strconv.ParseUint(kv[1], 8, 32)
			o.mode = uint32(m) & 0o7777
		case "uid", "gid":
			var id uint64
			id, err = strconv.ParseUint(kv[1], 10, 32)
			if kv[0] == "uid" {
				o.uid = uint32(id)
			} else {
				o.gid = uint32(id)
			}
		default:
			return o, vfs.EINVAL
		}
		if err != nil {
			return o, vfs.EINVAL
		}
	}
	return o, nil
}

// parseSize reads "64k", "1m", "2g" (memparse).
func parseSize(s string) (int64, error) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "k"), strings.HasSuffix(s, "K"):
		mult = 1 << 10
	case strings.HasSuffix(s, "m"), strings.HasSuffix(s, "M"):
		mult = 1 << 20
	case strings.HasSuffix(s, "g"), strings.HasSuffix(s, "G"):
		mult = 1 << 30
	}
	if mult != 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, vfs.EINVAL
	}
	return n * mult, nil
}

// Remount applies new limits (MS_REMOUNT): ones below what is in use
// are EINVAL.
func (s *super) Remount(flags uintptr, data string) error {
	o, err := parseOptions(data)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pages := pagesTo(o.size)
	if strings.Contains(data, "size=") {
		if pages != 0 && pages < s.usedPages.Load() {
			return vfs.EINVAL
		}
		s.maxPages.Store(pages)
	}
	if strings.Contains(data, "nr_inodes=") {
		if o.nrInodes != 0 && o.nrInodes < s.usedInodes.Load() {
			return vfs.EINVAL
		}
		s.maxInodes.Store(o.nrInodes)
	}
	return nil
}

// Statfs reports the limits; unlimited ones read as 0, as on Linux.
func (s *super) Statfs(st *vfs.Statfs_t) error {
	if maxp := s.maxPages.Load(); maxp > 0 {
		st.Blocks = uint64(maxp)
		st.Bfree = uint64(s.free())
		st.Bavail = st.Bfree
	}
	if maxi := s.maxInodes.Load(); maxi > 0 {
		st.Files = uint64(maxi)
		st.Ffree = uint64(max(0, maxi-s.usedInodes.Load()))
	}
	return nil
}

// free returns the pages left under the size limit, MaxInt64 if there
// is none.
func (s *super) free() int64 {
	if maxp := s.maxPages.Load(); maxp > 0 {
		return max(0, maxp-s.usedPages.Load())
	}
	return math.MaxInt64
}

// reserve takes pages and inodes from the limits, or gives ENOSPC;
// negative values give them back. Lock-free, so files on one instance
// do not contend for it.
func (s *super) reserve(pages, inodes int64) error {
	if !take(&s.usedPages, &s.maxPages, pages) {
		return vfs.ENOSPC
	}
	if !take(&s.usedInodes, &s.maxInodes, inodes) {
		take(&s.usedPages, &s.maxPages, -pages)
		return vfs.ENOSPC
	}
	return nil
}

// take adds n to used unless that passes a non-zero limit, or what an
// int64 counts (2^12 unlimited files fallocated to the largest size).
func take(used, limit *atomic.Int64, n int64) bool {
	for {
		u, l := used.Load(), limit.Load()
		if n > 0 && (l > 0 && u+n > l || u > math.MaxInt64-n) {
			return false
		}
		if used.CompareAndSwap(u, u+n) {
			return true
		}
	}
}
