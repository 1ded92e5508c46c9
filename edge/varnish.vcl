vcl 4.1;
# Varnish in front of the Newsroom app servers (see the README, "Edge cache").
#
# The app marks every page it may share with `Cache-Control: public, s-maxage=N` and lists
# what the page shows in an `xkey` header; after each database commit it sends
# `PURGE /` with `xkey-purge: <keys>` to drop exactly the pages that showed the change.
# Pages with `<esi:include>` (the "Latest" box) are assembled here from separately cached
# fragments, so a new story purges the box, not every article page.

import std;
import xkey;

# `make edge` and the tests rewrite this backend to the app server they start.
backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: the app servers. Add their addresses in production.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header missing"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Invalidated " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff and the app's own machinery are never cached here.
    if (req.url ~ "^/(admin|comments|health|search)(/|$)") {
        return (pass);
    }
    # The public API (api/): a partner's key goes to the app, which counts its use; a
    # comment form's token is fresh each time. Anonymous reads are shared, keyed on the
    # query parameters the API reads (api/urls.py PARAMS); the app rate-limits misses.
    if (req.url ~ "^/api/") {
        if (req.http.Authorization || req.http.X-Api-Key || req.url ~ "/comments/form(\?|$)") {
            return (pass);
        }
        unset req.http.Cookie;
        if (req.url ~ "\?") {
            set req.url = regsuball(req.url, "([?&])(?!(cursor|limit|section|tag|source|author|published_after|published_before|q)=)[^&#]*", "\1");
            set req.url = regsuball(req.url, "&{2,}", "&");
            set req.url = regsub(req.url, "\?&", "?");
            set req.url = regsub(req.url, "[?&]+(#|$)", "\1");
            set req.url = std.querysort(req.url);
        }
        return (hash);
    }
    # A staff session, or a reader's own-comments / remembered-details cookie: a page of
    # their own, from the app. Any other cookie (analytics) is dropped.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages|newsroom_[a-z_]+)=") {
        return (pass);
    }
    unset req.http.Cookie;
    # Only the query parameters the pages read (newsroom.pagecache public_page params):
    # ?utm_source=… and friends never make a new object.
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "([?&])(?!(page|cpage|replyto|p)=)[^&#]*", "\1");
        set req.url = regsuball(req.url, "&{2,}", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]+(#|$)", "\1");
        set req.url = std.querysort(req.url);
    }
    set req.http.Surrogate-Capability = "varnish=ESI/1.0";
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Control ~ "ESI/1.0") {
        unset beresp.http.Surrogate-Control;
        set beresp.do_esi = true;
    }
    # Keep only what the app says every reader may share.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The app's log id names the request that rendered it, not the readers it is sent to.
    unset beresp.http.X-Request-ID;
    # While the app is unreachable, serve what we have for up to an hour.
    set beresp.grace = 1h;
}

sub vcl_deliver {
    # The keys are for purging, not for readers; browsers revalidate (max-age=0).
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
}
