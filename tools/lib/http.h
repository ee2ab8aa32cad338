/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HTTP part of IP-HTTPS: one request head, one response head, and then
 * the connection carries packets.  Only heads are built and parsed here;
 * tls.c moves them over TLS.
 */
#ifndef IPT6_HTTP_H
#define IPT6_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/ipt6.h>

#include "err.h"
#include "url.h"

/* Largest request or response head accepted (bounds memory and time). */
#define IPT6_HTTP_HEAD_MAX 8192

/*
 * "IPT6-Session: 32 hex digits": 128 random bits an ipt6 client sends
 * with each of its connections, so that an ipt6 server knows a reconnect
 * of the same client (from any address) and moves its addresses to the
 * new connection.  Other servers ignore the header.  It travels inside
 * TLS only: whoever knows it may take the client's addresses.
 */
#define IPT6_SESSION_HEADER "IPT6-Session"

/* The request line and headers a server checks. */
struct ipt6_http_req {
	char method[16];
	char path[256];
	int chunked;		/* Transfer-Encoding present */
	bool has_length;	/* a valid Content-Length came */
	uint64_t length;	/* its value; 2^64-1 from Windows */
	bool has_session;
	unsigned char session[IPT6_SESSION_LEN];
};

/*
 * The client's POST, with @session (IPT6_SESSION_LEN bytes) unless NULL;
 * returns its length, or -1 if @size is too small.
 */
int ipt6_http_format_request(char *buf, size_t size,
			     const struct ipt6_url *url,
			     const unsigned char *session);

/* Length of the head up to and including the blank line; 0: incomplete. */
size_t ipt6_http_head_len(const char *buf, size_t len);

/*
 * Parse a response status line.  @line gets "CODE REASON" with anything
 * unprintable replaced, for quoting in messages.
 */
int ipt6_http_parse_status(const char *head, size_t len, int *code,
			   char *line, size_t line_size, struct ipt6_err *err);

/*
 * Parse a request head of @len bytes.  Content-Length must be a plain
 * decimal number that fits in 64 bits (any such length is accepted: the
 * body is the packet stream, never read as a body); a sign, hex, an empty
 * value, two different lengths, a length with Transfer-Encoding or a NUL
 * byte anywhere make the head malformed: -1, and the server answers 400.
 */
int ipt6_http_parse_request(const char *head, size_t len,
			    struct ipt6_http_req *req, struct ipt6_err *err);

/*
 * A server's answer: 200 with Date and Server and no length (the body is
 * the packet stream), or an error status with an empty body.
 */
int ipt6_http_format_response(char *buf, size_t size, int status);
const char *ipt6_http_reason(int status);

/* A proxy's answer to CONNECT, for callers that explain it. */
struct ipt6_proxy_reply {
	int status;		/* 0: no valid answer came */
	char line[128];		/* "403 Forbidden", quoted for messages */
	char schemes[128];	/* Proxy-Authenticate schemes: "Basic, NTLM" */
				/* (of WWW-Authenticate for a 401) */
};

/*
 * Parse a proxy's answer @head (@len bytes, then a NUL) into @reply:
 * status, and the authentication schemes offered with a 401 or 407.
 */
int ipt6_http_parse_proxy_reply(const char *head, size_t len,
				struct ipt6_proxy_reply *reply,
				struct ipt6_err *err);

/* The most bytes of "user:password" a CONNECT carries (Basic). */
#define IPT6_PROXY_AUTH_MAX	383

/*
 * Ask the HTTP proxy on connected socket @fd (named @via in messages) for
 * a tunnel to @host:@port: CONNECT, with Basic authentication when @auth
 * ("user:password") is set, and wait until @timeout_ms for a 2xx.  Reads
 * byte by byte so no TLS byte after the head is lost.  @reply (may be
 * NULL) gets the answer; failures are IPT6_E_PROXY (IPT6_E_CONFIG for
 * oversized credentials).
 */
int ipt6_http_proxy_connect(int fd, const char *via, const char *host,
			    const char *port, const char *auth,
			    int timeout_ms, struct ipt6_proxy_reply *reply,
			    struct ipt6_err *err);

#endif /* IPT6_HTTP_H */
