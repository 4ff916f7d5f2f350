-- wrk script: GET /v1/bundle/{username} over the preloaded usernames, round robin per thread.
-- USERS_FILE names a file with one username per line.
local users = {}
local counter = 0

function init(args)
  local path = os.getenv("USERS_FILE")
  for line in io.lines(path) do
    if #line > 0 then users[#users + 1] = line end
  end
  counter = math.random(#users)
end

function request()
  counter = counter % #users + 1
  return wrk.format("GET", "/v1/bundle/" .. users[counter])
end
