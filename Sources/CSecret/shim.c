#include "csecret.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// libsecret 0.20 and GLib 2, as laid out in their headers (secret-schema.h, gerror.h).
typedef int gboolean;
typedef char gchar;
typedef void *gpointer;
typedef unsigned int guint;
typedef struct { unsigned int domain; int code; gchar *message; } GError;
typedef struct { const gchar *name; int type; } SecretSchemaAttribute;
typedef struct {
  const gchar *name;
  int flags;
  SecretSchemaAttribute attributes[32];
  int reserved;
  gpointer reserved1, reserved2, reserved3, reserved4, reserved5, reserved6, reserved7;
} SecretSchema;
typedef struct GHashTable GHashTable;
typedef guint (*GHashFunc)(const void *);
typedef gboolean (*GEqualFunc)(const void *, const void *);

static struct {
  void *handle;
  gboolean (*store)(const SecretSchema *, GHashTable *, const gchar *, const gchar *, const gchar *, void *, GError **);
  gchar *(*lookup)(const SecretSchema *, GHashTable *, void *, GError **);
  gboolean (*clear)(const SecretSchema *, GHashTable *, void *, GError **);
  void (*password_free)(gchar *);
  GHashTable *(*hash_new)(GHashFunc, GEqualFunc);
  gboolean (*hash_insert)(GHashTable *, gpointer, gpointer);
  void (*hash_unref)(GHashTable *);
  GHashFunc str_hash;
  GEqualFunc str_equal;
  void (*error_free)(GError *);
} lib;

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static const SecretSchema schema = {
  "org.rolesh.Credentials", 0, {{"service", 0}, {"profile", 0}, {NULL, 0}}, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

static void say(char *message, size_t size, const char *text) {
  if (message && size) snprintf(message, size, "%s", text);
}

int rolesh_secret_load(const char *path, char *message, size_t message_size) {
  pthread_mutex_lock(&load_lock);
  if (lib.handle) {
    pthread_mutex_unlock(&load_lock);
    return 0;
  }
  void *handle = dlopen(path ? path : "libsecret-1.so.0", RTLD_LAZY | RTLD_LOCAL);
  if (!handle) {
    const char *reason = dlerror();
    say(message, message_size, reason ? reason : "dlopen failed");
    pthread_mutex_unlock(&load_lock);
    return -3;
  }
#define SYMBOL(field, name)                                                     \
  *(void **)(&lib.field) = dlsym(handle, name);                                 \
  if (!lib.field) {                                                             \
    say(message, message_size, "libsecret lacks " name);                        \
    dlclose(handle);                                                            \
    memset(&lib, 0, sizeof lib);                                                \
    pthread_mutex_unlock(&load_lock);                                           \
    return -3;                                                                  \
  }
  SYMBOL(store, "secret_password_storev_sync")
  SYMBOL(lookup, "secret_password_lookupv_sync")
  SYMBOL(clear, "secret_password_clearv_sync")
  SYMBOL(password_free, "secret_password_free")
  SYMBOL(hash_new, "g_hash_table_new")
  SYMBOL(hash_insert, "g_hash_table_insert")
  SYMBOL(hash_unref, "g_hash_table_unref")
  SYMBOL(str_hash, "g_str_hash")
  SYMBOL(str_equal, "g_str_equal")
  SYMBOL(error_free, "g_error_free")
#undef SYMBOL
  lib.handle = handle;
  pthread_mutex_unlock(&load_lock);
  return 0;
}

enum operation { STORE, LOOKUP, CLEAR };

// One call, shared by the caller and the thread that makes it; whoever finishes last frees it.
struct job {
  pthread_mutex_t lock;
  pthread_cond_t done_signal;
  int done, abandoned;
  enum operation operation;
  char *service, *profile, *label, *secret;
  int result;
  char *found;
  char message[512];
};

static void job_free(struct job *job) {
  free(job->service);
  free(job->profile);
  free(job->label);
  if (job->secret) {
    memset(job->secret, 0, strlen(job->secret));
    free(job->secret);
  }
  if (job->found) lib.password_free(job->found);
  pthread_mutex_destroy(&job->lock);
  pthread_cond_destroy(&job->done_signal);
  free(job);
}

static void *run(void *argument) {
  struct job *job = argument;
  GHashTable *attributes = lib.hash_new(lib.str_hash, lib.str_equal);
  lib.hash_insert(attributes, "service", job->service);
  lib.hash_insert(attributes, "profile", job->profile);
  GError *error = NULL;
  int result = -1;
  char *found = NULL;
  switch (job->operation) {
  case STORE:
    result = lib.store(&schema, attributes, NULL, job->label, job->secret, NULL, &error) ? 0 : -1;
    break;
  case LOOKUP:
    found = lib.lookup(&schema, attributes, NULL, &error);
    result = found ? 0 : (error ? -1 : 1);
    break;
  case CLEAR:
    result = lib.clear(&schema, attributes, NULL, &error) ? 0 : (error ? -1 : 1);
    break;
  }
  lib.hash_unref(attributes);
  pthread_mutex_lock(&job->lock);
  job->result = result;
  job->found = found;
  if (error) {
    snprintf(job->message, sizeof job->message, "%s", error->message ? error->message : "unknown error");
    lib.error_free(error);
  }
  job->done = 1;
  int abandoned = job->abandoned;
  pthread_cond_signal(&job->done_signal);
  pthread_mutex_unlock(&job->lock);
  if (abandoned) job_free(job);
  return NULL;
}

static int call(enum operation operation, const char *service, const char *profile, const char *label, const char *secret,
                char **found, double timeout, char *message, size_t message_size) {
  if (!lib.handle) {
    say(message, message_size, "libsecret is not loaded");
    return -3;
  }
  struct job *job = calloc(1, sizeof *job);
  if (!job) return -1;
  pthread_mutex_init(&job->lock, NULL);
  pthread_cond_init(&job->done_signal, NULL);
  job->operation = operation;
  job->service = strdup(service);
  job->profile = strdup(profile);
  job->label = label ? strdup(label) : NULL;
  job->secret = secret ? strdup(secret) : NULL;
  pthread_t thread;
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
  if (pthread_create(&thread, &attributes, run, job) != 0) {
    pthread_attr_destroy(&attributes);
    job_free(job);
    say(message, message_size, "cannot start a thread");
    return -1;
  }
  pthread_attr_destroy(&attributes);
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += (time_t)timeout;
  deadline.tv_nsec += (long)((timeout - (double)(time_t)timeout) * 1e9);
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec += 1;
    deadline.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&job->lock);
  while (!job->done) {
    if (pthread_cond_timedwait(&job->done_signal, &job->lock, &deadline) == ETIMEDOUT && !job->done) {
      // The provider is waiting for something (a person to unlock it): leave the call behind.
      job->abandoned = 1;
      pthread_mutex_unlock(&job->lock);
      say(message, message_size, "the Secret Service did not answer in time");
      return -2;
    }
  }
  pthread_mutex_unlock(&job->lock);
  int result = job->result;
  if (result == -1) say(message, message_size, job->message);
  if (found) {
    *found = job->found;
    job->found = NULL;
  }
  job_free(job);
  return result;
}

int rolesh_secret_store(const char *service, const char *profile, const char *label, const char *secret, double timeout,
                        char *message, size_t message_size) {
  return call(STORE, service, profile, label, secret, NULL, timeout, message, message_size);
}

int rolesh_secret_lookup(const char *service, const char *profile, char **secret, double timeout, char *message,
                         size_t message_size) {
  *secret = NULL;
  return call(LOOKUP, service, profile, NULL, NULL, secret, timeout, message, message_size);
}

int rolesh_secret_clear(const char *service, const char *profile, double timeout, char *message, size_t message_size) {
  return call(CLEAR, service, profile, NULL, NULL, NULL, timeout, message, message_size);
}

void rolesh_secret_free(char *secret) {
  if (secret && lib.password_free) lib.password_free(secret);
}
