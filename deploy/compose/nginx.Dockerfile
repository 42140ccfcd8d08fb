# nginx from Debian's package, with the configuration `python -m deploy nginx-conf` renders (deploy/compose/).
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default \
 && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log
COPY deploy/compose/info-oversight.conf /etc/nginx/conf.d/info-oversight.conf
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
