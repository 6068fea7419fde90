#ifndef ROLESH_CSECRET_H
#define ROLESH_CSECRET_H

#include <stddef.h>

/// rolesh's edge to libsecret (the freedesktop Secret Service: GNOME Keyring, KeePassXC,
/// KWallet's bridge). libsecret is opened with dlopen on first use, as libcurl and liblua are:
/// the binary starts and runs every other command without it. No libsecret or GLib header is
/// needed to build: the few types used are declared in shim.c as libsecret 0.20 lays them out.
///
/// Every call is bounded in time: it runs on a thread of its own and is abandoned after
/// `timeout` seconds (a provider may wait for a person to unlock it). Items are found by the
/// attributes `service` and `profile` under the schema `org.rolesh.Credentials`.
///
/// Results: 0 done, 1 no such item (lookup and clear), -1 failed (message says why),
/// -2 timed out, -3 libsecret could not be loaded (message says why).

/// Opens libsecret (`path`, or the soname libsecret-1.so.0). Safe to call again.
int rolesh_secret_load(const char *path, char *message, size_t message_size);

int rolesh_secret_store(const char *service, const char *profile, const char *label, const char *secret, double timeout,
                        char *message, size_t message_size);

/// On 0, `*secret` holds the secret; give it back with rolesh_secret_free (which wipes it).
int rolesh_secret_lookup(const char *service, const char *profile, char **secret, double timeout, char *message,
                         size_t message_size);

int rolesh_secret_clear(const char *service, const char *profile, double timeout, char *message, size_t message_size);

void rolesh_secret_free(char *secret);

#endif
