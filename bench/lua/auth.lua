-- wrk script for bench/auth.sh: bearer tokens read from a file, and a count of response
-- statuses (the response() callback), so every run can prove what it measured.
--
-- Environment, read by each wrk thread in init():
--   AUTH_THREADS       the -t given to wrk (wrk sets threads up one at a time, so setup()
--                      cannot know how many there will be)
--   AUTH_TOKEN_FIXED   one literal token sent on every request
--   AUTH_TOKEN_FILE    one token per line (used when AUTH_TOKEN_FIXED is unset); neither set:
--                      no Authorization header at all
--   AUTH_MODE          cycle (default): every thread loads the whole file and walks it round
--                        and round, starting at its own place (t/T of the way in), so two
--                        threads do not send the same token at the same moment: warm runs.
--                      once: thread t reads AUTH_TOKEN_FILE.t<t>, a file of its own, from
--                        line AUTH_FIRST_<t> (0-based) on, at most AUTH_LIMIT lines, and sends
--                        each line once. auth.sh advances AUTH_FIRST_<t> by what the thread
--                        sent, so no token is ever sent twice in a whole benchmark. Running
--                        past the loaded lines wraps round and counts every further request
--                        as "reused": auth.sh then declares the run invalid. Cold runs.
--   AUTH_SCHEME        the Authorization scheme (default Bearer; ApiKey for API keys)
--   AUTH_PATH          request path (default: the path of the URL given to wrk)
--   AUTH_STATS_FILE    done() writes one JSON object here (stdout if unset): status counts,
--                      per-thread requests sent and tokens reused, wrk's own error counts.
--
-- wrk calls request() once on thread 0 before the run to check the request it builds; that
-- call takes a token too and is counted in "sent", so the offsets stay exact.

local threads = {}
local created = 0

function setup(thread)
  thread:set("tid", created)
  created = created + 1
  table.insert(threads, thread)
end

local function env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then return default end
  return v
end

local function fail(msg)
  io.stderr:write("auth.lua: " .. msg .. "\n")
  os.exit(2)
end

local function number_env(name, default)
  local v = env(name, nil)
  if v == nil then return default end
  local n = tonumber(v)
  if n == nil or n < 0 or n ~= math.floor(n) then fail(name .. " must be a non-negative integer, got '" .. v .. "'") end
  return n
end

function init(args)
  path = env("AUTH_PATH", wrk.path)
  scheme = env("AUTH_SCHEME", "Bearer")
  mode = env("AUTH_MODE", "cycle")
  nthreads = number_env("AUTH_THREADS", 1)
  statuses = {}
  sent = 0
  reused = 0
  tokens = {}
  ntokens = 0
  pos = 1

  local fixed = env("AUTH_TOKEN_FIXED", nil)
  local file = env("AUTH_TOKEN_FILE", nil)
  if fixed ~= nil then
    tokens[1] = fixed
    ntokens = 1
    return
  end
  if file == nil then return end

  if mode == "cycle" then
    local fh = io.open(file, "r")
    if fh == nil then fail("cannot open token file " .. file) end
    for line in fh:lines() do
      if line ~= "" then ntokens = ntokens + 1; tokens[ntokens] = line end
    end
    fh:close()
    if ntokens == 0 then fail("no tokens in " .. file) end
    pos = (math.floor(ntokens * tid / nthreads) % ntokens) + 1
  elseif mode == "once" then
    local own = file .. ".t" .. tid
    local first = number_env("AUTH_FIRST_" .. tid, 0)
    local limit = number_env("AUTH_LIMIT", math.huge)
    local fh = io.open(own, "r")
    if fh == nil then fail("cannot open token file " .. own) end
    local i = 0
    for line in fh:lines() do
      if i >= first then
        if ntokens >= limit then break end
        if line ~= "" then ntokens = ntokens + 1; tokens[ntokens] = line end
      end
      i = i + 1
    end
    fh:close()
    if ntokens == 0 then fail(string.format("thread %d: no tokens left in %s after line %d", tid, own, first)) end
  else
    fail("unknown AUTH_MODE '" .. mode .. "' (cycle or once)")
  end
end

function request()
  sent = sent + 1
  if ntokens == 0 then
    return wrk.format(nil, path)
  end
  local token = tokens[pos]
  pos = pos + 1
  if pos > ntokens then pos = 1 end
  if mode == "once" and sent > ntokens then
    reused = reused + 1
  end
  return wrk.format(nil, path, { Authorization = scheme .. " " .. token })
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  local reused_all = 0
  local per_thread = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses") or {}) do total[k] = (total[k] or 0) + v end
    local r = t:get("reused") or 0
    reused_all = reused_all + r
    per_thread[#per_thread + 1] = string.format('{"tid":%d,"loaded":%d,"sent":%d,"reused":%d}',
      t:get("tid"), t:get("ntokens") or 0, t:get("sent") or 0, r)
  end
  local parts = {}
  for k, v in pairs(total) do parts[#parts + 1] = string.format('"%s":%d', k, v) end
  table.sort(parts)
  local e = summary.errors
  local json = string.format(
    '{"statuses":{%s},"reused":%d,"threads":[%s],'
      .. '"wrk":{"requests":%d,"duration_us":%d,"bytes":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}}\n',
    table.concat(parts, ","), reused_all, table.concat(per_thread, ","),
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout)
  local file = env("AUTH_STATS_FILE", nil)
  if file == nil then
    io.write(json)
    return
  end
  local fh = io.open(file, "w")
  if fh == nil then fail("cannot write " .. file) end
  fh:write(json)
  fh:close()
end
