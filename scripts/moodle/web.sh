# shellcheck shell=bash
# Sourced by scripts/moodle.sh: the site's web server, nginx in front of php-fpm 8.2, both on 127.0.0.1 only.

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_server_configs() {
    local fpmuser='' nginxuser=''
    mkdir -p "$RUNDIR/nginx-tmp"
    if [ "$(id -u)" -eq 0 ]; then
        fpmuser=$'user = root\ngroup = root'
        nginxuser='user root root;'
    fi
    cat > "$SITE/php-fpm.conf" <<EOF
; Written by tool_kalturalti13 scripts/moodle/web.sh.
[global]
pid = $RUNDIR/php-fpm.pid
error_log = $RUNDIR/php-fpm.log
daemonize = yes

[moodle$KEY]
$fpmuser
listen = $RUNDIR/php-fpm.sock
listen.mode = 0600
pm = dynamic
pm.max_children = 6
pm.start_servers = 2
pm.min_spare_servers = 1
pm.max_spare_servers = 3
catch_workers_output = yes
php_admin_value[max_input_vars] = 5000
php_admin_value[memory_limit] = 256M
php_admin_value[upload_max_filesize] = 64M
php_admin_value[post_max_size] = 64M
EOF
    cat > "$SITE/nginx.conf" <<EOF
# Written by tool_kalturalti13 scripts/moodle/web.sh.
$nginxuser
worker_processes 1;
daemon on;
pid $RUNDIR/nginx.pid;
error_log $RUNDIR/nginx-error.log warn;

events { worker_connections 256; }

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    # The combined format plus the time each request took (s) and when it ended (epoch s.ms): enough to lay a run's
    # requests out on a time line after the fact.
    log_format timed '\$remote_addr - \$remote_user [\$time_local] "\$request" \$status \$body_bytes_sent '
                     '"\$http_referer" "\$http_user_agent" \$request_time \$msec';
    access_log $RUNDIR/nginx-access.log timed;
    client_body_temp_path $RUNDIR/nginx-tmp/body;
    fastcgi_temp_path $RUNDIR/nginx-tmp/fastcgi;
    proxy_temp_path $RUNDIR/nginx-tmp/proxy;
    uwsgi_temp_path $RUNDIR/nginx-tmp/uwsgi;
    scgi_temp_path $RUNDIR/nginx-tmp/scgi;
    client_max_body_size 64m;
    sendfile on;

    server {
        listen 127.0.0.1:$PORT;
        server_name 127.0.0.1;
        # The web root: public/ from Moodle 5.1 on. Its optional router (\$CFG->routerconfigured) stays off, as
        # 5.1 ships it: router pages are reached through r.php, which the PHP location below serves.
        root $DIRROOT;
        index index.php index.html;

        location ~ (/vendor/|/node_modules/|composer\.json|/readme|/README|readme\.txt|/upgrade\.txt|/UPGRADING\.md|db/install\.xml|/fixtures/|/behat/|phpunit\.xml|\.lock|environment\.xml|/\.git) {
            return 404;
        }

        location ~ [^/]\.php(/|\$) {
            fastcgi_split_path_info ^(.+?\.php)(/.*)\$;
            if (!-f \$document_root\$fastcgi_script_name) {
                return 404;
            }
            include /etc/nginx/fastcgi_params;
            fastcgi_param PATH_INFO \$fastcgi_path_info;
            fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
            fastcgi_index index.php;
            fastcgi_read_timeout 300;
            fastcgi_pass unix:$RUNDIR/php-fpm.sock;
        }
    }
}
EOF
}

wait_http_200() {
    local url="$1" status=""
    for _ in $(seq 1 60); do
        status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$url" || true)"
        [ "$status" = 200 ] && return 0
        sleep 0.5
    done
    die "$url did not answer 200 (last status: ${status:-none}); see $RUNDIR/*.log"
}

start_servers() {
    write_server_configs
    if pid_alive "$RUNDIR/php-fpm.pid"; then
        kill -USR2 "$(cat "$RUNDIR/php-fpm.pid")" # Reload the (possibly rewritten) configuration.
    else
        local fpmflags=()
        [ "$(id -u)" -ne 0 ] || fpmflags=(--allow-to-run-as-root)
        php-fpm8.2 "${fpmflags[@]}" --fpm-config "$SITE/php-fpm.conf" 7>&- 8>&- 9>&- # Daemons must not inherit the lock.
    fi
    if pid_alive "$RUNDIR/nginx.pid"; then
        nginx -q -e "$RUNDIR/nginx-error.log" -c "$SITE/nginx.conf" -p "$RUNDIR/" -s reload
    else
        if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
            die "something else already listens on 127.0.0.1:$PORT (set MOODLE_PORT)"
        fi
        nginx -q -e "$RUNDIR/nginx-error.log" -c "$SITE/nginx.conf" -p "$RUNDIR/" 7>&- 8>&- 9>&-
    fi
    wait_http_200 "$WWWROOT/login/index.php"
}

cmd_serve() {
    cmd_install
    timed serve start_servers
    log "serving $WWWROOT  (login $ADMIN_USER / $ADMIN_PASS); stop with: MOODLE_VERSION=$VERSION scripts/moodle.sh stop"
}

stop_pidfile() { # stop_pidfile NAME PIDFILE SIGNAL
    local name="$1" pidfile="$2" sig="$3" pid
    pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
    pid="$(cat "$pidfile")"
    kill "-$sig" "$pid"
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || { log "$name stopped"; rm -f "$pidfile"; return 0; }
        sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    log "$name killed"
}

cmd_stop() {
    stop_pidfile nginx "$RUNDIR/nginx.pid" TERM
    stop_pidfile php-fpm "$RUNDIR/php-fpm.pid" QUIT
}
