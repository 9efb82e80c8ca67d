package sysfmt

// The flag tables, composite names before the names of their parts.
var (
	// OpenFlagNames are open(2)'s flags beside the access mode. 0x8000 is
	// O_LARGEFILE as F_GETFL reports it on 64-bit kernels.
	OpenFlagNames = []Name{
		{0x410000, "O_TMPFILE"}, {0x101000, "O_SYNC"},
		{0x40, "O_CREAT"}, {0x80, "O_EXCL"}, {0x100, "O_NOCTTY"},
		{0x200, "O_TRUNC"}, {0x400, "O_APPEND"}, {0x800, "O_NONBLOCK"},
		{0x1000, "O_DSYNC"}, {0x2000, "O_ASYNC"}, {0x4000, "O_DIRECT"},
		{0x8000, "O_LARGEFILE"}, {0x10000, "O_DIRECTORY"}, {0x20000, "O_NOFOLLOW"},
		{0x40000, "O_NOATIME"}, {0x80000, "O_CLOEXEC"}, {0x200000, "O_PATH"},
	}
	// AtFlagNames are the AT_* flags of unlinkat, linkat, fstatat,
	// fchownat, utimensat and fchmodat.
	AtFlagNames = []Name{
		{0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"},
		{0x400, "AT_SYMLINK_FOLLOW"}, {0x800, "AT_NO_AUTOMOUNT"},
		{0x1000, "AT_EMPTY_PATH"},
	}
	// AccessAtFlagNames are faccessat2's flags: 0x200 is AT_EACCESS there.
	AccessAtFlagNames = []Name{
		{0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_EACCESS"}, {0x1000, "AT_EMPTY_PATH"},
	}
	RenameFlagNames = []Name{
		{0x1, "RENAME_NOREPLACE"}, {0x2, "RENAME_EXCHANGE"}, {0x4, "RENAME_WHITEOUT"},
	}
	ResolveFlagNames = []Name{
		{0x1, "RESOLVE_NO_XDEV"}, {0x2, "RESOLVE_NO_MAGICLINKS"},
		{0x4, "RESOLVE_NO_SYMLINKS"}, {0x8, "RESOLVE_BENEATH"},
		{0x10, "RESOLVE_IN_ROOT"}, {0x20, "RESOLVE_CACHED"},
	}
	FallocFlagNames = []Name{
		{0x1, "FALLOC_FL_KEEP_SIZE"}, {0x2, "FALLOC_FL_PUNCH_HOLE"},
		{0x8, "FALLOC_FL_COLLAPSE_RANGE"}, {0x10, "FALLOC_FL_ZERO_RANGE"},
		{0x20, "FALLOC_FL_INSERT_RANGE"},
	}
	AccessModeNames = []Name{{0x4, "R_OK"}, {0x2, "W_OK"}, {0x1, "X_OK"}}
	// Dup3FlagNames are dup3's flags, and pipe2 takes the same O_CLOEXEC.
	Dup3FlagNames  = []Name{{0x80000, "O_CLOEXEC"}}
	FDFlagNames    = []Name{{0x1, "FD_CLOEXEC"}}
	MountFlagNames = []Name{
		{0x1, "MS_RDONLY"}, {0x2, "MS_NOSUID"}, {0x4, "MS_NODEV"},
		{0x8, "MS_NOEXEC"}, {0x10, "MS_SYNCHRONOUS"}, {0x20, "MS_REMOUNT"},
		{0x400, "MS_NOATIME"}, {0x800, "MS_NODIRATIME"}, {0x1000, "MS_BIND"},
		{0x2000, "MS_MOVE"}, {0x4000, "MS_REC"}, {0x40000, "MS_PRIVATE"},
		{0x1000000, "MS_STRICTATIME"},
	}
	UmountFlagNames = []Name{
		{0x1, "MNT_FORCE"}, {0x2, "MNT_DETACH"}, {0x4, "MNT_EXPIRE"}, {0x8, "UMOUNT_NOFOLLOW"},
	}
	// ProtNames are mmap's protections; none at all is PROT_NONE (Prot).
	ProtNames = []Name{{0x1, "PROT_READ"}, {0x2, "PROT_WRITE"}, {0x4, "PROT_EXEC"}}
	// MapFlagNames are mmap's flags, the map type first.
	MapFlagNames = []Name{
		{0x3, "MAP_SHARED_VALIDATE"}, {0x1, "MAP_SHARED"}, {0x2, "MAP_PRIVATE"}, {0x8, "MAP_DROPPABLE"},
		{0x10, "MAP_FIXED"}, {0x20, "MAP_ANONYMOUS"}, {0x100, "MAP_GROWSDOWN"}, {0x800, "MAP_DENYWRITE"},
		{0x1000, "MAP_EXECUTABLE"}, {0x2000, "MAP_LOCKED"}, {0x4000, "MAP_NORESERVE"},
		{0x8000, "MAP_POPULATE"}, {0x10000, "MAP_NONBLOCK"}, {0x20000, "MAP_STACK"},
		{0x40000, "MAP_HUGETLB"}, {0x80000, "MAP_SYNC"}, {0x100000, "MAP_FIXED_NOREPLACE"},
	}
)

// Prot writes mmap's protections as strace does: Prot(3) =
// "PROT_READ|PROT_WRITE", Prot(0) = "PROT_NONE".
func Prot(v int) string {
	if v == 0 {
		return "PROT_NONE"
	}
	return Flags(v, ProtNames)
}
