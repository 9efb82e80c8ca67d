// Code generated from golang.org/x/sys/unix (linux/amd64). DO NOT EDIT.
// abi_twins_linux_test.go proves every value against its x/sys/unix twin.

package vfs

// Open flags.
const (
	O_RDONLY    = 0x0
	O_WRONLY    = 0x1
	O_RDWR      = 0x2
	O_ACCMODE   = 0x3
	O_CREAT     = 0x40
	O_EXCL      = 0x80
	O_NOCTTY    = 0x100
	O_TRUNC     = 0x200
	O_APPEND    = 0x400
	O_NONBLOCK  = 0x800
	O_NDELAY    = 0x800
	O_DSYNC     = 0x1000
	O_SYNC      = 0x101000
	O_RSYNC     = 0x101000
	O_DIRECT    = 0x4000
	O_LARGEFILE = 0x0
	O_DIRECTORY = 0x10000
	O_NOFOLLOW  = 0x20000
	O_NOATIME   = 0x40000
	O_CLOEXEC   = 0x80000
	O_PATH      = 0x200000
	O_TMPFILE   = 0x410000
	O_ASYNC     = 0x2000
)

// File types and mode bits.
const (
	S_IFMT   = 0xf000
	S_IFSOCK = 0xc000
	S_IFLNK  = 0xa000
	S_IFREG  = 0x8000
	S_IFBLK  = 0x6000
	S_IFDIR  = 0x4000
	S_IFCHR  = 0x2000
	S_IFIFO  = 0x1000
	S_ISUID  = 0x800
	S_ISGID  = 0x400
	S_ISVTX  = 0x200
	S_IRWXU  = 0x1c0
	S_IRUSR  = 0x100
	S_IWUSR  = 0x80
	S_IXUSR  = 0x40
	S_IRWXG  = 0x38
	S_IRGRP  = 0x20
	S_IWGRP  = 0x10
	S_IXGRP  = 0x8
	S_IRWXO  = 0x7
	S_IROTH  = 0x4
	S_IWOTH  = 0x2
	S_IXOTH  = 0x1
)

// *at flags.
const (
	AT_FDCWD            = -100
	AT_SYMLINK_NOFOLLOW = 0x100
	AT_REMOVEDIR        = 0x200
	AT_SYMLINK_FOLLOW   = 0x400
	AT_NO_AUTOMOUNT     = 0x800
	AT_EMPTY_PATH       = 0x1000
	AT_EACCESS          = 0x200
)

// Access(2).
const (
	R_OK = 4
	W_OK = 2
	X_OK = 1
	F_OK = 0
)

// Fcntl(2).
const (
	F_DUPFD         = 0
	F_GETFD         = 1
	F_SETFD         = 2
	F_GETFL         = 3
	F_SETFL         = 4
	F_DUPFD_CLOEXEC = 1030
	FD_CLOEXEC      = 1
	F_SETPIPE_SZ    = 1031
	F_GETPIPE_SZ    = 1032
)

// Lseek(2).
const (
	SEEK_SET  = 0
	SEEK_CUR  = 1
	SEEK_END  = 2
	SEEK_DATA = 3
	SEEK_HOLE = 4
)

// Openat2(2).
const (
	RESOLVE_NO_XDEV       = 0x1
	RESOLVE_NO_MAGICLINKS = 0x2
	RESOLVE_NO_SYMLINKS   = 0x4
	RESOLVE_BENEATH       = 0x8
	RESOLVE_IN_ROOT       = 0x10
)

// Renameat2(2).
const (
	RENAME_NOREPLACE = 0x1
	RENAME_EXCHANGE  = 0x2
	RENAME_WHITEOUT  = 0x4
)

// Linux_dirent64 d_type.
const (
	DT_UNKNOWN = 0
	DT_FIFO    = 1
	DT_CHR     = 2
	DT_DIR     = 4
	DT_BLK     = 6
	DT_REG     = 8
	DT_LNK     = 10
	DT_SOCK    = 12
	DT_WHT     = 14
)

// Mount(2) and umount2(2).
const (
	MS_RDONLY       = 0x1
	MS_NOSUID       = 0x2
	MS_NODEV        = 0x4
	MS_NOEXEC       = 0x8
	MS_SYNCHRONOUS  = 0x10
	MS_REMOUNT      = 0x20
	MS_NOATIME      = 0x400
	MS_NODIRATIME   = 0x800
	MS_BIND         = 0x1000
	MS_REC          = 0x4000
	MS_RELATIME     = 0x200000
	MNT_FORCE       = 1
	MNT_DETACH      = 2
	MNT_EXPIRE      = 4
	UMOUNT_NOFOLLOW = 8
)

// Statfs(2) f_flags.
const (
	ST_RDONLY      = 0x1
	ST_NOSUID      = 0x2
	ST_NODEV       = 0x4
	ST_NOEXEC      = 0x8
	ST_SYNCHRONOUS = 0x10
	ST_NOATIME     = 0x400
	ST_NODIRATIME  = 0x800
	ST_RELATIME    = 0x1000
)

// Filesystem magic numbers.
const (
	TMPFS_MAGIC         = 0x1021994
	PROC_SUPER_MAGIC    = 40864
	PIPEFS_MAGIC        = 0x50495045
	SOCKFS_MAGIC        = 0x534f434b
	DEVPTS_SUPER_MAGIC  = 7377
	ANON_INODE_FS_MAGIC = 0x9041934
	SYSFS_MAGIC         = 0x62656572
)

// Getrlimit(2).
const (
	RLIMIT_NOFILE = 7
)

// Fallocate(2).
const (
	FALLOC_FL_KEEP_SIZE      = 0x1
	FALLOC_FL_PUNCH_HOLE     = 0x2
	FALLOC_FL_COLLAPSE_RANGE = 0x8
	FALLOC_FL_ZERO_RANGE     = 0x10
	FALLOC_FL_INSERT_RANGE   = 0x20
)

// Utimensat(2).
const (
	UTIME_NOW  = 0x3fffffff
	UTIME_OMIT = 0x3ffffffe
)

// Poll(2).
const (
	POLLIN    = 0x1
	POLLPRI   = 0x2
	POLLOUT   = 0x4
	POLLERR   = 0x8
	POLLHUP   = 0x10
	POLLNVAL  = 0x20
	POLLRDHUP = 0x2000
)

// Mmap(2): protections and flags.
const (
	PROT_NONE           = 0x0
	PROT_READ           = 0x1
	PROT_WRITE          = 0x2
	PROT_EXEC           = 0x4
	MAP_SHARED          = 0x1
	MAP_PRIVATE         = 0x2
	MAP_SHARED_VALIDATE = 0x3
	MAP_DROPPABLE       = 0x8
	MAP_TYPE            = 0xf
	MAP_FIXED           = 0x10
	MAP_ANONYMOUS       = 0x20
	MAP_32BIT           = 0x40
	MAP_ABOVE4G         = 0x80
	MAP_GROWSDOWN       = 0x100
	MAP_DENYWRITE       = 0x800
	MAP_EXECUTABLE      = 0x1000
	MAP_LOCKED          = 0x2000
	MAP_NORESERVE       = 0x4000
	MAP_POPULATE        = 0x8000
	MAP_NONBLOCK        = 0x10000
	MAP_STACK           = 0x20000
	MAP_HUGETLB         = 0x40000
	MAP_SYNC            = 0x80000
	MAP_FIXED_NOREPLACE = 0x100000
	MAP_HUGE_SHIFT      = 0x1a
	MAP_HUGE_MASK       = 0x3f
	MAP_HUGE_2MB        = 0x54000000
	MAP_HUGE_1GB        = 0x78000000
)

// Limits.
const (
	NAME_MAX = 255
	PathMax  = 4096
)

// Socket(2) address families and types.
const (
	AF_UNSPEC      = 0x0
	AF_UNIX        = 0x1
	AF_INET        = 0x2
	AF_INET6       = 0xa
	AF_MAX         = 0x2e
	SOCK_STREAM    = 0x1
	SOCK_DGRAM     = 0x2
	SOCK_RAW       = 0x3
	SOCK_SEQPACKET = 0x5
	SOCK_NONBLOCK  = 0x800
	SOCK_CLOEXEC   = 0x80000
)

// Socket options, control messages, send and receive flags, shutdown.
const (
	SOL_SOCKET       = 0x1
	SO_DEBUG         = 0x1
	SO_REUSEADDR     = 0x2
	SO_TYPE          = 0x3
	SO_ERROR         = 0x4
	SO_DONTROUTE     = 0x5
	SO_BROADCAST     = 0x6
	SO_SNDBUF        = 0x7
	SO_RCVBUF        = 0x8
	SO_KEEPALIVE     = 0x9
	SO_OOBINLINE     = 0xa
	SO_PRIORITY      = 0xc
	SO_LINGER        = 0xd
	SO_REUSEPORT     = 0xf
	SO_PASSCRED      = 0x10
	SO_PEERCRED      = 0x11
	SO_RCVLOWAT      = 0x12
	SO_SNDLOWAT      = 0x13
	SO_RCVTIMEO      = 0x14
	SO_SNDTIMEO      = 0x15
	SO_ACCEPTCONN    = 0x1e
	SO_SNDBUFFORCE   = 0x20
	SO_RCVBUFFORCE   = 0x21
	SO_PROTOCOL      = 0x26
	SO_DOMAIN        = 0x27
	SO_PEEK_OFF      = 0x2a
	SCM_RIGHTS       = 0x1
	SCM_CREDENTIALS  = 0x2
	MSG_OOB          = 0x1
	MSG_PEEK         = 0x2
	MSG_DONTROUTE    = 0x4
	MSG_CTRUNC       = 0x8
	MSG_TRUNC        = 0x20
	MSG_DONTWAIT     = 0x40
	MSG_EOR          = 0x80
	MSG_WAITALL      = 0x100
	MSG_ERRQUEUE     = 0x2000
	MSG_NOSIGNAL     = 0x4000
	MSG_MORE         = 0x8000
	MSG_CMSG_CLOEXEC = 0x40000000
	SHUT_RD          = 0x0
	SHUT_WR          = 0x1
	SHUT_RDWR        = 0x2
	SOMAXCONN        = 0x1000
	SizeofCmsghdr    = 0x10
	SizeofUcred      = 0xc
)

// IP protocols and their options.
const (
	IPPROTO_IP   = 0x0
	IPPROTO_TCP  = 0x6
	IPPROTO_UDP  = 0x11
	IPPROTO_IPV6 = 0x29
	SOL_IP       = 0x0
	SOL_TCP      = 0x6
	SOL_UDP      = 0x11
	SOL_IPV6     = 0x29
	TCP_NODELAY  = 0x1
	IPV6_V6ONLY  = 0x1a
)
