/* concurrency.c: the If-Match rule of optimistic concurrency (SPEC §8). Only a change (PUT,
 * PATCH, DELETE) of the resource itself carries its ETag: another resource's link would get
 * a spurious 412 from a representation that ETag does not describe. */
#include <string.h>

#include "internal.h"

static int is_change(const char *method)
{
    return method && (hc_strcaseeq(method, "PUT") || hc_strcaseeq(method, "PATCH") ||
                      hc_strcaseeq(method, "DELETE"));
}

const char *hc_if_match(const char *method, const char *link_href, const char *self_href,
                        const char *etag_header, const char *etag_value)
{
    /* The hrefs are compared exactly, as the resource wrote them: "/c/1/" or another
     * spelling of the URL may be a different resource, and a wrong guess costs a 412. */
    if (!is_change(method) || !link_href || !self_href || !*self_href ||
        strcmp(link_href, self_href) != 0)
        return NULL;
    if (etag_header && *etag_header) return etag_header;
    if (etag_value && *etag_value) return etag_value;
    return NULL;
}
