//! Where a request came from, for counting attempts per client: the peer,
//! or, behind a proxy Hearth trusts, the address that proxy was given. An
//! IPv6 client counts by its /64, the block one household or office holds.

use std::net::{IpAddr, Ipv6Addr};

use actix_web::HttpRequest;
use actix_web::http::header::HeaderMap;

/// The address, behind `trusted` proxies, a request came from, as the key
/// attempts are counted under.
pub fn client_address(req: &HttpRequest, trusted: &[IpAddr]) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    match peer {
        Some(peer) => key(from_behind(peer, req.headers(), trusted)),
        None => String::new(),
    }
}

/// The client behind the proxies: the right-most `X-Forwarded-For` entry
/// that is not itself a trusted proxy. Entries to its left could have been
/// written by anyone, so they are never believed.
fn from_behind(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .map_while(|entry| entry.parse().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|address| !trusted.contains(address))
        .unwrap_or(peer)
}

fn key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let block = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{block}/64")
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            HeaderName::from_static("x-forwarded-for"),
            HeaderValue::from_str(value).expect("a header"),
        );
        headers
    }

    #[test]
    fn a_forwarded_header_from_an_untrusted_peer_is_ignored() {
        let headers = forwarded("203.0.113.9");
        assert_eq!(
            from_behind(ip("198.51.100.1"), &headers, &[]),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_entry_is_the_client() {
        let proxy = ip("10.0.0.2");
        let headers = forwarded("1.2.3.4, 203.0.113.9, 10.0.0.3");
        let trusted = [proxy, ip("10.0.0.3")];
        assert_eq!(
            from_behind(proxy, &headers, &trusted),
            ip("203.0.113.9"),
            "a spoofed left-most entry is not believed"
        );
    }

    #[test]
    fn a_trusted_proxy_without_the_header_is_the_client() {
        let proxy = ip("10.0.0.2");
        assert_eq!(from_behind(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }

    #[test]
    fn an_ipv6_client_counts_by_its_64_block() {
        assert_eq!(key(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(key(ip("2001:db8:1:2:bbbb::9")), "2001:db8:1:2::/64");
        assert_eq!(key(ip("::ffff:192.0.2.1")), "192.0.2.1");
        assert_eq!(key(ip("192.0.2.1")), "192.0.2.1");
    }
}
