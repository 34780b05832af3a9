"""The shared dedup store: the same keys as the SQLite store, in Redis, for N crawl processes.

Every check-and-add runs as one Lua script, so Redis executes it atomically: of two processes
offering the same URL, the same body or two near copies at the same moment, exactly one is first.
Keys (all under `prefix`, "pressbot:dedup" unless set):

- `<prefix>:url` (hash) canonical URL -> first URL; `<prefix>:content` (hash) content hash ->
  first URL; `<prefix>:simhash` (hash) SimHash as 16 hex digits -> the URLs of the records
  published with it, oldest first, one per line (two unrelated records can share a SimHash,
  their signatures telling them apart: each is a candidate of its own, as in SQLite);
- `<prefix>:near:<scheme>:<key>` (set) the SimHashes indexed under one block key of a
  `BlockScheme` (`<prefix>:scheme` names the scheme the index was built with);
- `<prefix>:minhash` (hash) document number -> MinHash signature (128 bytes) then first URL;
  `<prefix>:minhash:ids` (hash) URL -> its document number (to confirm a SimHash match with
  its signature, and to forget it);
  `<prefix>:minhash:seq` the last document number given (older documents have lower numbers);
  `<prefix>:signature` names the signature format;
- `<prefix>:band:<layout>:<key>` (set) the document numbers indexed under one LSH band key
  (`<prefix>:bands` names the layout the index was built with);
- `<prefix>:duplicates` (list) one JSON object per dropped copy, oldest first;
- `<prefix>:settled` (hash) canonical URL of a dropped copy -> canonical URL of the record it
  copies: `known_url` counts it as known while that record is (as `settled_urls` in SQLite);
- `<prefix>:server` marks the state as one server holds it: the server's `run_id` (`INFO
  server`, new at every start of redis-server) and a random token. A store opening keeps the
  marker when it names the running server, else writes a new one (atomically: processes opening
  together agree). Every check-and-add first compares the marker with the one its store opened
  with, and refuses (`RedisRestarted`) when it is gone or another: a Redis that restarted empty,
  or lost its data (FLUSHALL), or that a process opened since it restarted, is noticed on the
  very next record. A restart from a snapshot, marker included, is not: the crawl's heartbeat
  notices the new `run_id` (`pipelines.distributed`).

The store refuses to start on a Redis that may evict keys (`maxmemory` set and a
`maxmemory-policy` other than `noeviction`, see `check_no_eviction`): an evicted key is a
record published twice or a request never fetched, and nothing would say so.

The `redis` package is imported lazily, so the rest of pressbot works without it.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from pressbot.dedup.index import BlockScheme
from pressbot.dedup.keys import (
    BAND_LAYOUT,
    SIGNATURE_BYTES,
    SIGNATURE_FORMAT,
    band_keys,
    hamming,
    jaccard_estimate,
)
from pressbot.dedup.store import (
    CONFIRM_JACCARD,
    DEFAULT_DISTANCE,
    DEFAULT_JACCARD,
    DUPLICATE_CONTENT,
    DUPLICATE_NEAR,
    DUPLICATE_URL,
    ClosingStore,
    DedupStoreError,
    Duplicate,
    agreeing_values,
    check_jaccard,
    parse_simhash,
    settled_keys,
)

if TYPE_CHECKING:
    from redis import Redis

DEFAULT_PREFIX = "pressbot:dedup"
_CONFIRMING = agreeing_values(CONFIRM_JACCARD)

# KEYS: marker. ARGV: the server's run_id, a new token. The marker if it names this server, else
# a new one (see `<prefix>:server` above).
_MARK = """
local marker = redis.call('GET', KEYS[1])
if marker and string.sub(marker, 1, #ARGV[1] + 1) == ARGV[1] .. ' ' then return marker end
marker = ARGV[1] .. ' ' .. ARGV[2]
redis.call('SET', KEYS[1], marker)
return marker
"""

# KEYS: url hash, content hash, simhash hash, duplicates list, minhash docs hash, minhash ids
# hash, minhash sequence, server marker, then one set per SimHash index table, then one set per
# band.
# ARGV: canonical URL, content hash, url, simhash hex ("" for none), distance, now, run id,
# number of SimHash index tables, signature ("" for none), least number of agreeing values for
# stage 2, then for a stage-1 candidate (`store.confirms`: a candidate whose URL has no signature
# stands on its SimHash alone), the marker as the store opened it (else the server restarted or
# lost its data since: nothing is read or written, and the marker found is returned).
# Hamming distance is counted on four 16-bit pieces: Lua numbers are doubles and its bit
# library works on 32 bits.
_CHECK_AND_ADD = """
local function popcount16(x)
  local n = 0
  while x > 0 do
    n = n + bit.band(x, 1)
    x = bit.rshift(x, 1)
  end
  return n
end
local function distance(a, b)
  local d = 0
  for i = 1, 13, 4 do
    d = d + popcount16(bit.bxor(tonumber(string.sub(a, i, i + 3), 16),
                                tonumber(string.sub(b, i, i + 3), 16)))
  end
  return d
end
local function agreeing(a, b)
  local n = 0
  for i = 1, #a, 4 do
    if string.sub(a, i, i + 3) == string.sub(b, i, i + 3) then n = n + 1 end
  end
  return n
end
if redis.call('GET', KEYS[8]) ~= ARGV[12] then
  return {'restarted', redis.call('GET', KEYS[8]) or ''}
end
local canonical, content, url, fp, sig = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[9]
local function confirms(first)
  if sig == '' then return true end
  local id = redis.call('HGET', KEYS[6], first)
  local doc = id and redis.call('HGET', KEYS[5], id)
  return not doc or agreeing(sig, doc) >= tonumber(ARGV[11])
end
local function found(reason, first)
  redis.call('RPUSH', KEYS[4], cjson.encode({url = ARGV[3], reason = reason,
    duplicate_of = first, seen_at = ARGV[6], run_id = ARGV[7]}))
  return {reason, first}
end
local blocks_end = 8 + tonumber(ARGV[8])
if canonical ~= '' then
  local first = redis.call('HGET', KEYS[1], canonical)
  if first then return found('duplicate_url', first) end
end
if content ~= '' then
  local first = redis.call('HGET', KEYS[2], content)
  if first then return found('duplicate_content', first) end
end
if fp ~= '' then
  local limit = tonumber(ARGV[5])
  local best, best_fp, best_first, passed = limit + 1, nil, nil, {}
  for i = 9, blocks_end do
    for _, other in ipairs(redis.call('SMEMBERS', KEYS[i])) do
      local d = distance(fp, other)
      if (d < best or (d == best and best_fp and other < best_fp)) and not passed[other] then
        local confirmed = nil
        for first in string.gmatch(redis.call('HGET', KEYS[3], other) or '', '[^\\n]+') do
          if confirms(first) then
            confirmed = first
            break
          end
        end
        if confirmed then
          best, best_fp, best_first = d, other, confirmed
        else
          passed[other] = true
        end
      end
    end
  end
  if best_fp then return found('duplicate_near', best_first) end
end
if sig ~= '' then
  local best, best_id, best_doc, seen = tonumber(ARGV[10]) - 1, nil, nil, {}
  for i = blocks_end + 1, #KEYS do
    for _, id in ipairs(redis.call('SMEMBERS', KEYS[i])) do
      if not seen[id] then
        seen[id] = true
        local doc = redis.call('HGET', KEYS[5], id)
        if doc then
          local n, number = agreeing(sig, doc), tonumber(id)
          if n > best or (n == best and best_id and number < best_id) then
            best, best_id, best_doc = n, number, doc
          end
        end
      end
    end
  end
  if best_doc then return found('duplicate_near', string.sub(best_doc, #sig + 1)) end
end
if canonical ~= '' then redis.call('HSET', KEYS[1], canonical, url) end
if content ~= '' then redis.call('HSET', KEYS[2], content, url) end
if fp ~= '' then
  local firsts = redis.call('HGET', KEYS[3], fp)
  if firsts then
    redis.call('HSET', KEYS[3], fp, firsts .. '\\n' .. url)
  else
    redis.call('HSET', KEYS[3], fp, url)
    for i = 9, blocks_end do redis.call('SADD', KEYS[i], fp) end
  end
end
if sig ~= '' then
  local id = redis.call('INCR', KEYS[7])
  redis.call('HSET', KEYS[5], id, sig .. url)
  redis.call('HSET', KEYS[6], url, id)
  for i = blocks_end + 1, #KEYS do redis.call('SADD', KEYS[i], id) end
end
return false
"""

# KEYS: url hash, settled hash. ARGV: canonical URL.
_KNOWN_URL = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 1 end
local first = redis.call('HGET', KEYS[2], ARGV[1])
if first and redis.call('HEXISTS', KEYS[1], first) == 1 then return 1 end
return 0
"""

_CHECK_AND_ADD_KEYS = (
    "url",
    "content",
    "simhash",
    "duplicates",
    "minhash",
    "minhash_ids",
    "minhash_seq",
    "server",
)

# KEYS: url hash, content hash, simhash hash, minhash docs hash, minhash ids hash, then one set
# per SimHash index table, then one set per band.
# ARGV: canonical URL, content hash, url, simhash hex ("" for none), number of SimHash index
# tables, the URL's document number ("" for none). Keys held by another URL stay.
_FORGET = """
local canonical, content, url, fp, id = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[6]
local blocks_end = 5 + tonumber(ARGV[5])
if canonical ~= '' and redis.call('HGET', KEYS[1], canonical) == url then
  redis.call('HDEL', KEYS[1], canonical)
end
if content ~= '' and redis.call('HGET', KEYS[2], content) == url then
  redis.call('HDEL', KEYS[2], content)
end
local firsts = fp ~= '' and redis.call('HGET', KEYS[3], fp)
if firsts then
  local kept = {}
  for first in string.gmatch(firsts, '[^\\n]+') do
    if first ~= url then kept[#kept + 1] = first end
  end
  if #kept == 0 then
    redis.call('HDEL', KEYS[3], fp)
    for i = 6, blocks_end do redis.call('SREM', KEYS[i], fp) end
  else
    redis.call('HSET', KEYS[3], fp, table.concat(kept, '\\n'))
  end
end
if id ~= '' and redis.call('HGET', KEYS[5], url) == id then
  redis.call('HDEL', KEYS[5], url)
  redis.call('HDEL', KEYS[4], id)
  for i = blocks_end + 1, #KEYS do redis.call('SREM', KEYS[i], id) end
end
return true
"""


def redact(url: str) -> str:
    """The URL with its password masked, for logs and error messages.

    >>> redact("redis://user:s3cret@127.0.0.1:6379/0"), redact("redis://localhost:6379")
    ('redis://user:***@127.0.0.1:6379/0', 'redis://localhost:6379')
    """
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return "<unparsable Redis URL>"
    if password is None:
        return url
    user, _, host = parts.netloc.rpartition("@")
    name = user.split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{name}:***@{host}"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class RedisRestarted(DedupStoreError):
    """The Redis server restarted, or lost its data, since the store opened it."""


def check_no_eviction(client: Redis) -> None:
    """Raise ValueError, naming the policy, if the server may evict keys: pressbot's keys (queued
    requests, leases, dedup state) must stay until pressbot deletes them. With `maxmemory` 0
    nothing is evicted, whatever the policy."""
    memory = client.info("memory")
    limit = int(memory.get("maxmemory") or 0)
    policy = str(memory.get("maxmemory_policy") or "noeviction")
    if limit > 0 and policy != "noeviction":
        raise ValueError(
            f"maxmemory-policy is {policy} (maxmemory {limit} bytes): Redis may evict keys, "
            "losing queued requests and dedup state; pressbot needs maxmemory-policy noeviction"
        )


def server_run_id(client: Redis) -> str:
    """The server's `run_id` (`INFO server`): a new one at every start of redis-server."""
    return str(client.info("server")["run_id"])


def is_full(exc: BaseException) -> bool:
    """Is this Redis's "OOM command not allowed when used memory > 'maxmemory'"?"""
    from redis.exceptions import OutOfMemoryError  # noqa: PLC0415 - optional dependency

    return isinstance(exc, OutOfMemoryError) or "'maxmemory'" in str(exc)


def describe_failure(exc: BaseException) -> str:
    """What went wrong with Redis, for the line that stops the crawl."""
    return f"Redis is full (maxmemory): {exc}" if is_full(exc) else f"Redis lost ({exc})"


class RedisDedupStore(ClosingStore):
    """Seen canonical URLs, content hashes, SimHashes and MinHashes in Redis; first seen wins."""

    def __init__(
        self,
        url: str,
        prefix: str = DEFAULT_PREFIX,
        distance: int = DEFAULT_DISTANCE,
        scheme: BlockScheme | None = None,
        client: Redis | None = None,
        *,
        jaccard: float = DEFAULT_JACCARD,
        read_only: bool = False,
    ) -> None:
        """Open the state; unless `read_only`, refuse a Redis that may evict keys, mark the
        server (see `<prefix>:server`) and bring the indexes up to this store's settings.
        `read_only` writes nothing, for `pressbot dupes`: only `duplicates` is meant then."""
        self.url = redact(url)
        """The URL for messages: its password, if any, is masked."""
        self.prefix = prefix
        self.distance = distance
        self.jaccard = check_jaccard(jaccard)
        self._agreeing = agreeing_values(jaccard)  # Lua compares counts
        self.scheme = scheme or BlockScheme(distance)
        if self.scheme.distance != distance:
            raise ValueError(f"block scheme is for distance {self.scheme.distance}, not {distance}")
        import redis  # noqa: PLC0415 - optional dependency, only for distributed crawls

        self._errors: tuple[type[BaseException], ...] = (redis.RedisError, OSError)
        self._keys = {
            "url": f"{prefix}:url",
            "content": f"{prefix}:content",
            "simhash": f"{prefix}:simhash",
            "duplicates": f"{prefix}:duplicates",
            "settled": f"{prefix}:settled",
            "scheme": f"{prefix}:scheme",
            "minhash": f"{prefix}:minhash",
            "minhash_ids": f"{prefix}:minhash:ids",
            "minhash_seq": f"{prefix}:minhash:seq",
            "signature": f"{prefix}:signature",
            "bands": f"{prefix}:bands",
            "server": f"{prefix}:server",
        }
        self.read_only = read_only
        self.marker = ""
        """`<prefix>:server` as the store opened it: "<server run_id> <token>"."""
        try:
            self._redis = client or redis.Redis.from_url(
                url, socket_connect_timeout=5, socket_timeout=30, health_check_interval=30
            )
            self._redis.ping()
            self._script = self._redis.register_script(_CHECK_AND_ADD)
            self._known = self._redis.register_script(_KNOWN_URL)
            if read_only:
                return
            check_no_eviction(self._redis)
            marker = self._redis.eval(
                _MARK, 1, self._keys["server"], server_run_id(self._redis), uuid.uuid4().hex
            )
            self.marker = marker.decode() if isinstance(marker, bytes) else str(marker)
            if self._get("scheme") != self.scheme.name:
                self._rebuild_index()
            foreign = self._get("signature") != SIGNATURE_FORMAT
            if foreign:
                # Signatures computed another way would be compared value by value with ours.
                self._redis.delete(self._keys["minhash"], self._keys["minhash_ids"])
                self._redis.set(self._keys["signature"], SIGNATURE_FORMAT)
            if foreign or self._get("bands") != BAND_LAYOUT:
                self._rebuild_bands()
        except (*self._errors, ValueError) as exc:
            raise self._failed("cannot use Redis for dedup state", exc) from exc

    def _writable(self) -> None:
        if self.read_only:
            raise DedupStoreError(f"{self.url}: the dedup state was opened read-only")

    def _failed(self, what: str, exc: BaseException) -> DedupStoreError:
        full = "Redis is full (maxmemory): " if is_full(exc) else ""
        return DedupStoreError(f"{self.url}: {full}{what}: {exc}")

    def _get(self, name: str) -> str:
        return (self._redis.get(self._keys[name]) or b"").decode()

    def _block_key(self, key: int) -> str:
        return f"{self.prefix}:near:{self.scheme.name}:{key:x}"

    def _band_key(self, key: int) -> str:
        return f"{self.prefix}:band:{BAND_LAYOUT}:{key:x}"

    def _delete_matching(self, kind: str) -> None:
        """Delete every `<prefix>:<kind>:*` key (glob characters in the prefix and kind matched
        as such)."""
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", f"{self.prefix}:{kind}")
        stale = list(self._redis.scan_iter(match=f"{pattern}:*", count=1000))
        for start in range(0, len(stale), 1000):
            self._redis.delete(*stale[start : start + 1000])

    def _rebuild_bands(self) -> None:
        self._delete_matching("band")
        pipe = self._redis.pipeline(transaction=False)
        for count, (doc_id, doc) in enumerate(
            self._redis.hscan_iter(self._keys["minhash"], count=1000)
        ):
            for key in band_keys(doc[:SIGNATURE_BYTES]):
                pipe.sadd(self._band_key(key), doc_id)
            if count % 10_000 == 9_999:
                pipe.execute()
        pipe.set(self._keys["bands"], BAND_LAYOUT)
        pipe.execute()

    def _rebuild_index(self) -> None:
        """Index the SimHashes under this store's scheme. The keys of the scheme the index was
        built with go, and any stale keys of this one; other keys stay, whatever their name (the
        keys of another prefix may start with `<prefix>:near:`)."""
        for name in dict.fromkeys(filter(None, (self._get("scheme"), self.scheme.name))):
            self._delete_matching(f"near:{name}")
        pipe = self._redis.pipeline(transaction=False)
        for count, (fp, _) in enumerate(self._redis.hscan_iter(self._keys["simhash"], count=1000)):
            hex_fp = fp.decode() if isinstance(fp, bytes) else str(fp)
            for key in self.scheme.keys(int(hex_fp, 16)):
                pipe.sadd(self._block_key(key), hex_fp)
            if count % 10_000 == 9_999:
                pipe.execute()
        pipe.set(self._keys["scheme"], self.scheme.name)
        pipe.execute()

    def check_and_add(
        self,
        canonical_url: str | None,
        content_hash: str | None,
        url: str,
        simhash: str | int | None = None,
        *,
        signature: bytes | None = None,
        run_id: str | None = None,
        site: str | None = None,
    ) -> tuple[str, str] | None:
        """None if the record is new (and remember it); else (reason, URL first seen with the key).

        `site` is accepted for the common interface; the Redis store keeps no per-run keys (see
        `SQLiteDedupStore.forget_unfinished`).

        Same rules as `SQLiteDedupStore.check_and_add`, in one atomic script.
        """
        self._writable()
        fingerprint = parse_simhash(simhash)
        blocks = [] if fingerprint is None else self.scheme.keys(fingerprint)
        bands = [] if signature is None else band_keys(signature)
        keys = [self._keys[k] for k in _CHECK_AND_ADD_KEYS]
        keys += [self._block_key(key) for key in blocks]
        keys += [self._band_key(key) for key in bands]
        args = [
            canonical_url or "",
            content_hash or "",
            url,
            "" if fingerprint is None else f"{fingerprint:016x}",
            self.distance,
            _now(),
            run_id or "",
            len(blocks),
            signature or b"",
            self._agreeing,
            _CONFIRMING,
            self.marker,
        ]
        try:
            result = self._script(keys=keys, args=args)
        except self._errors as exc:
            raise self._failed("dedup state update failed", exc) from exc
        if not result:
            return None
        reason, first = (v.decode() if isinstance(v, bytes) else v for v in result)
        if reason == "restarted":
            raise RedisRestarted(
                f"{self.url}: Redis restarted or lost its data since this crawl opened it "
                f"(its marker was {self.marker!r}, now {first or 'gone'!r}): nothing more is "
                "checked against it"
            )
        assert reason in (DUPLICATE_URL, DUPLICATE_CONTENT, DUPLICATE_NEAR), reason
        settled, original = settled_keys(url, (reason, first), canonical_url)
        if settled != original:  # (outside the script: a hint for incremental runs, no more)
            try:
                self._redis.hset(self._keys["settled"], settled, original)
            except self._errors as exc:
                raise self._failed("dedup state update failed", exc) from exc
        return reason, first

    def find_near(self, simhash: int) -> tuple[str, int] | None:
        """(URL, distance) of the nearest indexed fingerprint within `distance`; ties: lowest."""
        try:
            pipe = self._redis.pipeline(transaction=False)
            for key in self.scheme.keys(simhash):
                pipe.smembers(self._block_key(key))
            candidates = {m.decode() for members in pipe.execute() for m in members}
            best = min(((hamming(simhash, int(c, 16)), c) for c in candidates), default=None)
            if best is None or best[0] > self.distance:
                return None
            firsts = self._redis.hget(self._keys["simhash"], best[1])
        except self._errors as exc:
            raise DedupStoreError(f"{self.url}: dedup state lookup failed: {exc}") from exc
        first = firsts.decode() if isinstance(firsts, bytes) else str(firsts)
        return first.partition("\n")[0], best[0]

    def find_similar(self, signature: bytes) -> tuple[str, float] | None:
        """(URL, estimated Jaccard) of the most similar indexed signature at or above `jaccard`
        among those sharing a band key; ties: oldest."""
        try:
            pipe = self._redis.pipeline(transaction=False)
            for key in band_keys(signature):
                pipe.smembers(self._band_key(key))
            ids = sorted({int(m) for members in pipe.execute() for m in members})
            docs = self._redis.hmget(self._keys["minhash"], ids) if ids else []
        except self._errors as exc:
            raise DedupStoreError(f"{self.url}: dedup state lookup failed: {exc}") from exc
        best: tuple[float, bytes] | None = None
        for doc in docs:  # oldest first: a later one must be strictly more similar
            if doc is None:
                continue
            estimate = jaccard_estimate(signature, doc[:SIGNATURE_BYTES])
            if estimate >= self.jaccard and (best is None or estimate > best[0]):
                best = (estimate, doc)
        return None if best is None else (best[1][SIGNATURE_BYTES:].decode(), best[0])

    def known_url(self, canonical_url: str) -> bool:
        """Was a record with this canonical URL published, or was the page at it a copy of one
        that still is (incremental crawls skip it)? One round trip."""
        try:
            keys = [self._keys["url"], self._keys["settled"]]
            return bool(self._known(keys=keys, args=[canonical_url]))
        except self._errors as exc:
            raise DedupStoreError(f"{self.url}: dedup state lookup failed: {exc}") from exc

    def url_count(self) -> int:
        """How many canonical URLs the state holds (published records): 0 for a new state."""
        try:
            return int(self._redis.hlen(self._keys["url"]))
        except self._errors as exc:
            raise DedupStoreError(f"{self.url}: dedup state lookup failed: {exc}") from exc

    def forget(
        self,
        canonical_url: str | None,
        content_hash: str | None,
        url: str,
        simhash: str | int | None = None,
    ) -> None:
        """Undo `check_and_add` of a record that was never published (its feed write failed):
        each key still pointing at `url` is removed, so the record counts as new again."""
        self._writable()
        fingerprint = parse_simhash(simhash)
        blocks = [] if fingerprint is None else self.scheme.keys(fingerprint)
        try:
            # The signature is not in the record: find it by URL; the script checks that the
            # URL still owns that document before removing anything.
            doc_id = self._redis.hget(self._keys["minhash_ids"], url)
            doc = None if doc_id is None else self._redis.hget(self._keys["minhash"], doc_id)
            bands = [] if doc is None else band_keys(doc[:SIGNATURE_BYTES])
            keys = [self._keys[k] for k in ("url", "content", "simhash", "minhash", "minhash_ids")]
            keys += [self._block_key(key) for key in blocks]
            keys += [self._band_key(key) for key in bands]
            args = [
                canonical_url or "",
                content_hash or "",
                url,
                "" if fingerprint is None else f"{fingerprint:016x}",
                len(blocks),
                b"" if doc is None else doc_id,
            ]
            self._redis.eval(_FORGET, len(keys), *keys, *args)
        except self._errors as exc:
            raise self._failed("dedup state update failed", exc) from exc

    def duplicates(
        self, *, url: str | None = None, run_id: str | None = None, since: str | None = None
    ) -> list[Duplicate]:
        """Dropped copies, oldest first; `url` matches either side, `since` is ISO 8601 UTC."""
        try:
            raw = self._redis.lrange(self._keys["duplicates"], 0, -1)
        except self._errors as exc:
            raise DedupStoreError(f"{self.url}: cannot read duplicates: {exc}") from exc
        rows = []
        for entry in raw:
            data: dict[str, Any] = json.loads(entry)
            row = Duplicate(
                data["url"],
                data["reason"],
                data["duplicate_of"],
                data["seen_at"],
                data.get("run_id") or None,
            )
            if url is not None and url not in (row.url, row.duplicate_of):
                continue
            if run_id is not None and row.run_id != run_id:
                continue
            if since is not None and row.seen_at < since:
                continue
            rows.append(row)
        return rows

    def close(self) -> None:
        self._redis.close()
