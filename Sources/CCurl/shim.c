#include "ccurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static struct {
  int loaded;
  CURLcode (*global_init)(long);
  CURL *(*easy_init)(void);
  void (*easy_cleanup)(CURL *);
  CURLcode (*easy_perform)(CURL *);
  const char *(*easy_strerror)(CURLcode);
  CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
  struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
  void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

#define RESOLVE(field, symbol)                                                  \
  do {                                                                          \
    *(void **)(&curl.field) = dlsym(library, symbol);                           \
    if (curl.field == NULL) {                                                   \
      snprintf(error, error_length, "libcurl.so.4 lacks %s", symbol);           \
      pthread_mutex_unlock(&load_lock);                                         \
      return -1;                                                                \
    }                                                                           \
  } while (0)

int rolesh_curl_load(const char *path, char *error, size_t error_length) {
  pthread_mutex_lock(&load_lock);
  if (curl.loaded) {
    pthread_mutex_unlock(&load_lock);
    return 0;
  }
  // RTLD_LAZY, as the dynamic loader treats curl(1) itself: with RTLD_NOW every function of
  // libcurl and its thirty dependencies (TLS, Kerberos, LDAP...) was bound up front, 4 ms of a
  // 15 ms cold AssumeRole; the functions rolesh calls are looked up with dlsym below anyway.
  void *library = dlopen(path ? path : "libcurl.so.4", RTLD_LAZY | RTLD_LOCAL);
  if (library == NULL) {
    const char *reason = dlerror();
    snprintf(error, error_length, "%s", reason ? reason : "libcurl.so.4 could not be opened");
    pthread_mutex_unlock(&load_lock);
    return -1;
  }
  RESOLVE(global_init, "curl_global_init");
  RESOLVE(easy_init, "curl_easy_init");
  RESOLVE(easy_cleanup, "curl_easy_cleanup");
  RESOLVE(easy_perform, "curl_easy_perform");
  RESOLVE(easy_strerror, "curl_easy_strerror");
  RESOLVE(easy_setopt, "curl_easy_setopt");
  RESOLVE(easy_getinfo, "curl_easy_getinfo");
  RESOLVE(slist_append, "curl_slist_append");
  RESOLVE(slist_free_all, "curl_slist_free_all");
  CURLcode code = curl.global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) {
    snprintf(error, error_length, "curl_global_init failed: %s", curl.easy_strerror(code));
    pthread_mutex_unlock(&load_lock);
    return -1;
  }
  curl.loaded = 1;
  pthread_mutex_unlock(&load_lock);
  return 0;
}

CURL *rolesh_curl_easy_init(void) { return curl.easy_init(); }
void rolesh_curl_easy_cleanup(CURL *handle) { curl.easy_cleanup(handle); }
CURLcode rolesh_curl_easy_perform(CURL *handle) { return curl.easy_perform(handle); }
const char *rolesh_curl_easy_strerror(CURLcode code) { return curl.easy_strerror(code); }

CURLcode rolesh_curl_setopt_long(CURL *handle, CURLoption option, long value) {
  return curl.easy_setopt(handle, option, value);
}

CURLcode rolesh_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
  return curl.easy_setopt(handle, option, value);
}

CURLcode rolesh_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
  return curl.easy_setopt(handle, option, value);
}

CURLcode rolesh_curl_setopt_write(CURL *handle, rolesh_curl_data_callback callback, void *context) {
  CURLcode code = curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
  return code != CURLE_OK ? code : curl.easy_setopt(handle, CURLOPT_WRITEDATA, context);
}

CURLcode rolesh_curl_setopt_header(CURL *handle, rolesh_curl_data_callback callback, void *context) {
  CURLcode code = curl.easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
  return code != CURLE_OK ? code : curl.easy_setopt(handle, CURLOPT_HEADERDATA, context);
}

long rolesh_curl_response_code(CURL *handle) {
  long status = 0;
  if (curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK) return 0;
  return status;
}

struct curl_slist *rolesh_curl_slist_append(struct curl_slist *list, const char *value) {
  return curl.slist_append(list, value);
}

void rolesh_curl_slist_free_all(struct curl_slist *list) { curl.slist_free_all(list); }
