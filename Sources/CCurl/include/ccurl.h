// rolesh's wall around libcurl.
//
// libcurl is not linked: it is opened with dlopen("libcurl.so.4") the first time a request is
// made, because mapping it (and its TLS stack) costs about 6 ms at start-up and most rolesh
// commands — the warm `export` path above all — never touch the network. The functions here
// are typed, non-variadic wrappers (Swift cannot call curl_easy_setopt, a variadic function)
// that go through pointers resolved by rolesh_curl_load. Only Transport/CurlTransport.swift
// imports this module.
#ifndef ROLESH_CCURL_H
#define ROLESH_CCURL_H

#include <stddef.h>
#include <curl/curl.h>

/// Opens libcurl and resolves every function below. Returns 0 on success; otherwise writes a
/// message (dlerror's text) into `error` and returns -1. Safe to call repeatedly.
// `path`: a library file to open instead of the soname libcurl.so.4 (NULL for the soname).
int rolesh_curl_load(const char *path, char *error, size_t error_length);

CURL *rolesh_curl_easy_init(void);
void rolesh_curl_easy_cleanup(CURL *handle);
CURLcode rolesh_curl_easy_perform(CURL *handle);
const char *rolesh_curl_easy_strerror(CURLcode code);

/// curl_easy_setopt for long, string and pointer arguments.
CURLcode rolesh_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode rolesh_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode rolesh_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);

/// The body and header callbacks, each with its user pointer.
typedef size_t (*rolesh_curl_data_callback)(char *data, size_t size, size_t count, void *context);
CURLcode rolesh_curl_setopt_write(CURL *handle, rolesh_curl_data_callback callback, void *context);
CURLcode rolesh_curl_setopt_header(CURL *handle, rolesh_curl_data_callback callback, void *context);

/// curl_easy_getinfo(CURLINFO_RESPONSE_CODE).
long rolesh_curl_response_code(CURL *handle);

struct curl_slist *rolesh_curl_slist_append(struct curl_slist *list, const char *value);
void rolesh_curl_slist_free_all(struct curl_slist *list);

#endif
