// CVDPLinux: the Linux declarations that Swift's Glibc module does not export (sockaddr_ll, packet_mreq,
// ETH_P_ALL, PACKET_ADD_MEMBERSHIP, classic BPF, the interface ioctls), plus static inline helpers for the
// macros, variadic calls and thread-local errno that Swift cannot reach directly.
//
// Everything is guarded by __linux__, so the package still builds on other systems (the module is empty there).

#ifndef CVDPLINUX_H
#define CVDPLINUX_H

#ifdef __linux__

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <net/ethernet.h>
#include <net/if.h>
// <netpacket/packet.h> (glibc) and <linux/if_packet.h> (UAPI) both define struct sockaddr_ll and struct
// packet_mreq and cannot be included together; glibc's copy has every constant used here (PACKET_ORIGDEV,
// PACKET_OUTGOING, PACKET_MR_MULTICAST, PACKET_IGNORE_OUTGOING).
#include <netpacket/packet.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/// The thread's errno.
static inline int CVDPLinux_errno(void) { return errno; }

/// htons(3): host to network byte order.
static inline uint16_t CVDPLinux_htons(uint16_t value) { return htons(value); }

/// ntohs(3): network to host byte order.
static inline uint16_t CVDPLinux_ntohs(uint16_t value) { return ntohs(value); }

/// socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0): a raw packet socket that receives nothing
/// until it is bound with a protocol.
static inline int CVDPLinux_packetSocket(void) {
    return socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

/// socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0): an unprivileged socket to issue interface ioctls on.
static inline int CVDPLinux_controlSocket(void) { return socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0); }

/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC): a wake-up descriptor for a thread blocked in poll(2).
static inline int CVDPLinux_eventFD(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

/// Fills ifr_name, or fails with ENODEV when the name does not fit in IFNAMSIZ.
static inline int CVDPLinux_setInterfaceName(struct ifreq *request, const char *name) {
    memset(request, 0, sizeof(*request));
    size_t length = strlen(name);
    if (length == 0 || length >= IFNAMSIZ) {
        errno = ENODEV;
        return -1;
    }
    memcpy(request->ifr_name, name, length);
    return 0;
}

/// ioctl(fd, SIOCGIFINDEX): the interface index of `name`.
static inline int CVDPLinux_interfaceIndex(int fd, const char *name, int *index) {
    struct ifreq request;
    if (CVDPLinux_setInterfaceName(&request, name) != 0) return -1;
    if (ioctl(fd, SIOCGIFINDEX, &request) != 0) return -1;
    *index = request.ifr_ifindex;
    return 0;
}

/// ioctl(fd, SIOCGIFHWADDR): the six-octet hardware address of `name`.
static inline int CVDPLinux_interfaceHardwareAddress(int fd, const char *name, uint8_t address[6]) {
    struct ifreq request;
    if (CVDPLinux_setInterfaceName(&request, name) != 0) return -1;
    if (ioctl(fd, SIOCGIFHWADDR, &request) != 0) return -1;
    memcpy(address, request.ifr_hwaddr.sa_data, 6);
    return 0;
}

/// ioctl(fd, SIOCGIFFLAGS): the IFF_* flags of `name`.
static inline int CVDPLinux_interfaceFlags(int fd, const char *name, int *flags) {
    struct ifreq request;
    if (CVDPLinux_setInterfaceName(&request, name) != 0) return -1;
    if (ioctl(fd, SIOCGIFFLAGS, &request) != 0) return -1;
    *flags = (unsigned short)request.ifr_flags;
    return 0;
}

/// ioctl(fd, SIOCGIFMTU): the MTU of `name`.
static inline int CVDPLinux_interfaceMTU(int fd, const char *name, int *mtu) {
    struct ifreq request;
    if (CVDPLinux_setInterfaceName(&request, name) != 0) return -1;
    if (ioctl(fd, SIOCGIFMTU, &request) != 0) return -1;
    *mtu = request.ifr_mtu;
    return 0;
}

/// IFF_UP: administratively up.
static inline int CVDPLinux_interfaceFlagUp(void) { return IFF_UP; }

/// IFF_RUNNING: operationally up (a carrier).
static inline int CVDPLinux_interfaceFlagRunning(void) { return IFF_RUNNING; }

/// BPF_STMT(code, k).
static inline struct sock_filter CVDPLinux_bpfStatement(uint16_t code, uint32_t k) {
    struct sock_filter instruction = BPF_STMT(code, k);
    return instruction;
}

/// BPF_JUMP(code, k, jt, jf).
static inline struct sock_filter CVDPLinux_bpfJump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) {
    struct sock_filter instruction = BPF_JUMP(code, k, jt, jf);
    return instruction;
}

/// SKF_AD_OFF + SKF_AD_PKTTYPE: the ancillary load of the packet type (PACKET_HOST, PACKET_OUTGOING, ...).
static inline uint32_t CVDPLinux_ancillaryPacketType(void) { return (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE); }

/// SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT: the ancillary load of "the kernel took a VLAN tag off this frame".
static inline uint32_t CVDPLinux_ancillaryVLANTagPresent(void) {
    return (uint32_t)(SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT);
}

/// setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER) with a struct sock_fprog over `count` instructions.
static inline int CVDPLinux_attachFilter(int fd, struct sock_filter *instructions, unsigned short count) {
    struct sock_fprog program = {.len = count, .filter = instructions};
    return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof(program));
}

/// setsockopt(fd, level, name) with an int value.
static inline int CVDPLinux_setIntOption(int fd, int level, int name, int value) {
    return setsockopt(fd, level, name, &value, sizeof(value));
}

/// bind(2) to `ifindex` with the protocol ETH_P_ALL.
static inline int CVDPLinux_bindAllProtocols(int fd, int ifindex) {
    struct sockaddr_ll address;
    memset(&address, 0, sizeof(address));
    address.sll_family = AF_PACKET;
    address.sll_protocol = htons(ETH_P_ALL);
    address.sll_ifindex = ifindex;
    return bind(fd, (struct sockaddr *)&address, sizeof(address));
}

/// setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP) with PACKET_MR_MULTICAST for a six-octet group address.
static inline int CVDPLinux_addMulticastMembership(int fd, int ifindex, const uint8_t address[6]) {
    struct packet_mreq request;
    memset(&request, 0, sizeof(request));
    request.mr_ifindex = ifindex;
    request.mr_type = PACKET_MR_MULTICAST;
    request.mr_alen = 6;
    memcpy(request.mr_address, address, 6);
    return setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &request, sizeof(request));
}

/// sendto(2) of a whole Ethernet frame through a sockaddr_ll naming `ifindex` and the frame's own destination
/// and ethertype. The frame must hold at least 14 octets.
static inline ssize_t CVDPLinux_sendFrame(int fd, int ifindex, const uint8_t *frame, size_t length) {
    struct sockaddr_ll address;
    memset(&address, 0, sizeof(address));
    address.sll_family = AF_PACKET;
    address.sll_ifindex = ifindex;
    address.sll_halen = ETH_ALEN;
    if (length >= ETH_HLEN) {
        memcpy(address.sll_addr, frame, ETH_ALEN);
        memcpy(&address.sll_protocol, frame + 2 * ETH_ALEN, 2);
    }
    return sendto(fd, frame, length, 0, (struct sockaddr *)&address, sizeof(address));
}

/// recvfrom(2) with a sockaddr_ll; `packetType` receives sll_pkttype (PACKET_HOST, PACKET_MULTICAST, ...).
static inline ssize_t CVDPLinux_receiveFrame(int fd, uint8_t *buffer, size_t capacity, int *packetType) {
    struct sockaddr_ll address;
    socklen_t addressLength = sizeof(address);
    memset(&address, 0, sizeof(address));
    ssize_t count = recvfrom(fd, buffer, capacity, MSG_TRUNC, (struct sockaddr *)&address, &addressLength);
    if (count >= 0) *packetType = address.sll_pkttype;
    return count;
}

/// recvmsg(2) with a sockaddr_ll and room for the SCM_TIMESTAMPNS control message that SO_TIMESTAMPNS asks for;
/// `packetType` receives sll_pkttype, and `seconds`/`nanoseconds` the kernel's receive time (CLOCK_REALTIME), or
/// -1 seconds when the message carried none.
static inline ssize_t CVDPLinux_receiveStampedFrame(int fd, uint8_t *buffer, size_t capacity, int *packetType,
                                                    int64_t *seconds, int64_t *nanoseconds) {
    struct sockaddr_ll address;
    memset(&address, 0, sizeof(address));
    struct iovec vector = {.iov_base = buffer, .iov_len = capacity};
    union {
        char space[CMSG_SPACE(sizeof(struct timespec))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof(control));
    struct msghdr message;
    memset(&message, 0, sizeof(message));
    message.msg_name = &address;
    message.msg_namelen = sizeof(address);
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control.space;
    message.msg_controllen = sizeof(control.space);
    *seconds = -1;
    *nanoseconds = 0;
    ssize_t count = recvmsg(fd, &message, MSG_TRUNC);
    if (count < 0) return count;
    *packetType = address.sll_pkttype;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header != NULL; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_TIMESTAMPNS &&
            header->cmsg_len >= CMSG_LEN(sizeof(struct timespec))) {
            struct timespec stamp;
            memcpy(&stamp, CMSG_DATA(header), sizeof(stamp));
            *seconds = (int64_t)stamp.tv_sec;
            *nanoseconds = (int64_t)stamp.tv_nsec;
        }
    }
    return count;
}

/// SO_TIMESTAMPNS: ask the kernel to stamp every received frame (SCM_TIMESTAMPNS, CLOCK_REALTIME).
static inline int CVDPLinux_enableReceiveTimestamps(int fd) {
    int on = 1;
    return setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on));
}

/// clock_gettime(CLOCK_REALTIME).
static inline void CVDPLinux_realtime(int64_t *seconds, int32_t *nanoseconds) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    *seconds = (int64_t)now.tv_sec;
    *nanoseconds = (int32_t)now.tv_nsec;
}

#endif  // __linux__

// The netlink socket calls (VDPNetlink).
#include "CVDPLinuxNetlink.h"

#endif  // CVDPLINUX_H
