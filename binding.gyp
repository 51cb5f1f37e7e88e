{
  "targets": [
    {
      "target_name": "halchemy_core",
      "type": "static_library",
      "sources": [
        "<!@(node -p \"require('fs').readdirSync('csrc').filter(f => f.endsWith('.c')).sort().map(f => 'csrc/' + f).join(' ')\")"
      ],
      "include_dirs": ["csrc/include", "csrc"],
      "cflags": ["-std=c11", "-fvisibility=hidden", "-Wall", "-Wextra",
                 "<!@(pkg-config --cflags libcurl libcjson)"],
      "cflags!": ["-fno-exceptions"],
      "defines": ["_POSIX_C_SOURCE=200809L", "_DEFAULT_SOURCE",
                  "HC_VERSION=\"<!(node -p \"require('./package.json').version\")\""],
      "direct_dependent_settings": {
        "include_dirs": ["csrc/include"],
        "libraries": ["<!@(pkg-config --libs libcurl libcjson)", "-lpthread"]
      }
    },
    {
      "target_name": "halchemy",
      "sources": ["node/src/addon.cc", "node/src/api.cc", "node/src/loop.cc", "node/src/rules.cc"],
      "dependencies": ["halchemy_core"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "node/src"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-fvisibility=hidden", "-Wall"]
    }
  ]
}
