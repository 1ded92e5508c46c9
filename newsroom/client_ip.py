"""
The client's IP address: one rule for the whole project.

Behind proxies (nginx, a load balancer), REMOTE_ADDR is the nearest proxy's address and
each proxy appends the address it saw to X-Forwarded-For. With TRUSTED_PROXY_COUNT = N,
the client is the Nth address from the right: anything further left was written by the
client and cannot be trusted. Login lockouts (django-axes, via AXES_CLIENT_IP_CALLABLE)
and comment flood control and records use this function.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address as a normalised string, or None if it is not an IP address."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [ip for ip in forwarded if ip]
        # Fewer entries than proxies: the request did not come through all of them.
        if len(forwarded) >= hops:
            remote = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return None
