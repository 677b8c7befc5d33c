import type { FetchErrorKind } from '../ports';

// A failed request reaches the person as what happened, not as the code the platform reported:
// Node's (`ECONNREFUSED`, `bad port`, `DEPTH_ZERO_SELF_SIGNED_CERT`) in the CLI, Chromium's
// (`net::ERR_CONNECTION_REFUSED`) from Obsidian's requestUrl on the desktop. Both fetchers
// hand their error's code or message here.

export interface NetworkFailure {
  kind: Extract<FetchErrorKind, 'network' | 'invalid-url' | 'timeout'>;
  /** What went wrong, for `could not reach <url>: …` (or the whole message for an invalid address). */
  message: string;
}

function hostAndPort(url: string): { host: string; port: string; where: string } {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
    return { host: parsed.hostname, port, where: `${parsed.hostname}:${port}` };
  } catch {
    return { host: url, port: '', where: url };
  }
}

const TLS: [RegExp, string][] = [
  [/CERT_HAS_EXPIRED|ERR_CERT_DATE_INVALID/, 'its certificate has expired'],
  [/SELF_SIGNED/, 'its certificate is self-signed'],
  [/ALTNAME|ERR_CERT_COMMON_NAME_INVALID|HOSTNAME_MISMATCH/, 'its certificate is for another site'],
  [/UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_CERT_AUTHORITY_INVALID/, 'its certificate is not signed by an authority this computer trusts'],
  [/WRONG_VERSION_NUMBER|EPROTO|ERR_SSL_PROTOCOL_ERROR|PACKET_LENGTH_TOO_LONG/, 'it does not speak HTTPS on that port'],
  [/CERT|SSL|TLS/, 'its certificate or encryption was refused'],
];

/**
 * The failure a code or message stands for, in words. `code` is what the platform reported
 * (`ECONNREFUSED`, `net::ERR_NAME_NOT_RESOLVED`, `bad port`…); an unknown one is kept in
 * parentheses after a plain sentence, so it can still be looked up.
 */
export function describeNetworkFailure(code: string, url: string): NetworkFailure {
  const { host, port, where } = hostAndPort(url);
  const network = (message: string): NetworkFailure => ({ kind: 'network', message });
  if (/ECONNREFUSED|ERR_CONNECTION_REFUSED/.test(code)) return network(`nothing is listening at ${where}`);
  if (/ECONNRESET|UND_ERR_SOCKET|other side closed|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|socket hang up/i.test(code)) {
    return network(`${where} closed the connection without answering`);
  }
  if (/ENOTFOUND|EAI_NONAME|EAI_NODATA|ERR_NAME_NOT_RESOLVED/.test(code)) return network(`no site is known by the name ${host}`);
  if (/EAI_AGAIN|ERR_NAME_RESOLUTION_FAILED/.test(code)) return network(`the name ${host} could not be looked up (no network, or the name server did not answer)`);
  if (/bad port|ERR_UNSAFE_PORT/i.test(code)) {
    return { kind: 'invalid-url', message: `not a valid web address: ${url} (port ${port} is reserved for other services, so it is never fetched)` };
  }
  if (/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|ERR_CONNECTION_TIMED_OUT|ERR_TIMED_OUT/.test(code)) return { kind: 'timeout', message: `${where} did not answer` };
  if (/EHOSTUNREACH|ENETUNREACH|ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED/.test(code)) {
    return network(`${host} cannot be reached from this network`);
  }
  if (/ERR_INVALID_URL|Invalid URL/i.test(code)) return { kind: 'invalid-url', message: `not a valid web address: ${url}` };
  const tls = TLS.find(([pattern]) => pattern.test(code));
  if (tls) return network(`no secure connection to ${host}: ${tls[1]}`);
  return network(`the connection to ${where} failed${code ? ` (${code})` : ''}`);
}
