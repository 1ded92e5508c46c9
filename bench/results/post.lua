
counter = 0
request = function()
  counter = counter + 1
  local n = counter .. "-" .. math.random(1, 1000000000)
  local body = "csrfmiddlewaretoken=dWSC3TuvyDNkyworLZGjtQCxoW0kAgLJTirNylNldDJ3aDHzzBKSNbflW67NeJaT&token=eyJhIjoxMSwidCI6MTc5NTc4MTU5NC43NjQwNzgxfQ:1xWupG:aeyS7Ar5mGAUeKgxw1sbYJ1Kwe70wYlU5MzTKeB556I&name=Bench&parent=&phone=" ..
    "&email=bench" .. n .. "%40example.org&body=Benchmark+comment+" .. n
  local headers = {}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Cookie"] = "csrftoken=QwJlFCt0Pa6TMhtiYMeJuvNYIkhDODzk"
  headers["Referer"] = "http://127.0.0.1:8801/"
  headers["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) ..
    "." .. math.random(1, 254)
  return wrk.format("POST", "/comments/post/11/", headers, body)
end
