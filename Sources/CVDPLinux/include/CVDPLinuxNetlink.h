// CVDPLinux, netlink part: the AF_NETLINK socket calls of VDPNetlink, which Swift's Glibc module does not
// reach (struct sockaddr_nl, the netlink socket options). Included by CVDPLinux.h.

#ifndef CVDPLINUX_NETLINK_H
#define CVDPLINUX_NETLINK_H

#ifdef __linux__

#include <errno.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

/// socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol).
static inline int CVDPLinux_netlinkSocket(int protocol) {
    return socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
}

/// bind(2) to a sockaddr_nl with `portID` (0: the kernel picks one) and the multicast `groups` bit mask;
/// `boundPortID` receives the port ID bound (getsockname(2)).
static inline int CVDPLinux_netlinkBind(int fd, uint32_t portID, uint32_t groups, uint32_t *boundPortID) {
    struct sockaddr_nl address;
    memset(&address, 0, sizeof(address));
    address.nl_family = AF_NETLINK;
    address.nl_pid = portID;
    address.nl_groups = groups;
    if (bind(fd, (struct sockaddr *)&address, sizeof(address)) != 0) return -1;
    socklen_t length = sizeof(address);
    if (getsockname(fd, (struct sockaddr *)&address, &length) != 0) return -1;
    *boundPortID = address.nl_pid;
    return 0;
}

/// sendto(2) of one or more netlink messages to the port `portID` (0: the kernel).
static inline ssize_t CVDPLinux_netlinkSend(int fd, uint32_t portID, const uint8_t *bytes, size_t length) {
    struct sockaddr_nl address;
    memset(&address, 0, sizeof(address));
    address.nl_family = AF_NETLINK;
    address.nl_pid = portID;
    return sendto(fd, bytes, length, 0, (struct sockaddr *)&address, sizeof(address));
}

/// recvmsg(2) of one datagram into `buffer`; `truncated` is set when the datagram was longer than `capacity`
/// (MSG_TRUNC), `senderPortID` receives the sender's port ID (0: the kernel) and `groups` the multicast groups
/// it was sent to (0: unicast).
static inline ssize_t CVDPLinux_netlinkReceive(int fd, uint8_t *buffer, size_t capacity, int *truncated,
                                               uint32_t *senderPortID, uint32_t *groups) {
    struct sockaddr_nl address;
    memset(&address, 0, sizeof(address));
    struct iovec vector = {.iov_base = buffer, .iov_len = capacity};
    struct msghdr message;
    memset(&message, 0, sizeof(message));
    message.msg_name = &address;
    message.msg_namelen = sizeof(address);
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    ssize_t count = recvmsg(fd, &message, 0);
    if (count >= 0) {
        *truncated = (message.msg_flags & MSG_TRUNC) != 0;
        *senderPortID = address.nl_pid;
        *groups = address.nl_groups;
    }
    return count;
}

/// setsockopt(fd, SOL_NETLINK, name) with an int value (NETLINK_EXT_ACK, NETLINK_NO_ENOBUFS, ...).
static inline int CVDPLinux_netlinkSetOption(int fd, int name, int value) {
    return setsockopt(fd, SOL_NETLINK, name, &value, sizeof(value));
}

/// NETLINK_ROUTE.
static inline int CVDPLinux_netlinkRoute(void) { return NETLINK_ROUTE; }

/// NETLINK_EXT_ACK.
static inline int CVDPLinux_netlinkExtendedAcknowledgement(void) { return NETLINK_EXT_ACK; }

/// setsockopt(fd, SOL_SOCKET, SO_RCVBUF) and read back the size the kernel granted.
static inline int CVDPLinux_setReceiveBuffer(int fd, int size, int *granted) {
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) != 0) return -1;
    socklen_t length = sizeof(*granted);
    return getsockopt(fd, SOL_SOCKET, SO_RCVBUF, granted, &length);
}

#endif  // __linux__

#endif  // CVDPLINUX_NETLINK_H
