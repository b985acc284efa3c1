"""Host tables: reference documentation, famous services, social and payment hosts, link shorteners.

Why a data module: these lists grow with every new platform the trust team meets; keeping them apart from
the URL logic in `contacts` makes that a data change. Hosts are lower-case registrable domains or full hosts.
"""

from __future__ import annotations

DEFAULT_ALLOW_DOMAINS: tuple[str, ...] = tuple(
    "docs.python.org python.org docs.djangoproject.com djangoproject.com developer.mozilla.org "
    "developer.android.com developer.apple.com learn.microsoft.com docs.microsoft.com developers.google.com "
    "cloud.google.com docs.aws.amazon.com stackoverflow.com stackexchange.com wikipedia.org w3.org w3schools.com "
    "readthedocs.io readthedocs.org pypi.org npmjs.com nodejs.org react.dev reactjs.org vuejs.org angular.io "
    "angular.dev kubernetes.io docker.com docs.docker.com postgresql.org mysql.com php.net ruby-lang.org "
    "rust-lang.org go.dev golang.org typescriptlang.org tailwindcss.com getbootstrap.com nextjs.org "
    "djangoproject.org flask.palletsprojects.com fastapi.tiangolo.com docs.github.com docs.gitlab.com git-scm.com "
    "schema.org json-schema.org ietf.org rfc-editor.org owasp.org caniuse.com mdn.io support.google.com "
    "help.shopify.com shopify.dev docs.stripe.com stripe.com/docs developer.paypal.com wordpress.org "
    "developer.wordpress.org figma.com/developers".split()
)
"""Reference documentation: a link there points at docs, not at the sender (corpus rule 5)."""

KNOWN_REFERENCE_HOSTS = frozenset(
    "fly.io render.com railway.app supabase.com firebase.google.com vercel.com linode.com hetzner.com ovh.com "
    "hostinger.com bluehost.com siteground.com wpengine.com kinsta.com webflow.com glideapps.com softr.io "
    "make.com n8n.io ifttt.com twilio.com sendgrid.com mailgun.com postmarkapp.com algolia.com sentry.io "
    "datadoghq.com newrelic.com grafana.com elastic.co mongodb.com redis.io sqlite.org anthropic.com "
    "huggingface.co replicate.com midjourney.com stability.ai elevenlabs.io deepl.com grammarly.com "
    "semrush.com ahrefs.com moz.com similarweb.com clickup.com monday.com basecamp.com hotjar.com "
    "mixpanel.com segment.com auth0.com okta.com godaddy.com wordpress.com "
    "99designs.com ado.net adobe.com airbnb.com airtable.com amazon.co.uk amazon.com amazon.de amazon.in "
    "apple.com archive.org asana.com asp.net atlassian.com aws.com bbc.co.uk bbc.com behance.net bestbuy.com "
    "bitbucket.org blogger.com booking.com bootstrap.com box.com bubble.io canva.com cash.app chatgpt.com "
    "cloudflare.com cnn.com codepen.io codesandbox.io coursera.org craigslist.org dev.to digitalocean.com "
    "django-rest-framework.org dot.net dribbble.com dropbox.com duolingo.com ebay.com edx.org envato.com etsy.com "
    "expedia.com expressjs.com facebook.com figma.com fiverr.com flutter.dev framer.com freelancer.com ghost.org "
    "github.com github.io gitlab.com glassdoor.com gmail.com godaddy.com google.com gumroad.com hashnode.com "
    "heroku.com herokuapp.com hubspot.com icloud.com imdb.com indeed.com instagram.com invisionapp.com jimdo.com "
    "jira.com jquery.com jsfiddle.net kaggle.com khanacademy.org laravel.com linkedin.com live.com loom.com "
    "lucidchart.com mailchimp.com medium.com mercadolibre.com mercadopago.com microsoft.com miro.com ml.net "
    "mozilla.org namecheap.com netflix.com netlify.app netlify.com notion.so numpy.org nuxt.com nytimes.com "
    "office.com openai.com outlook.com payoneer.com paypal.com peopleperhour.com pexels.com php.net pinterest.com "
    "postman.com producthunt.com pydata.org python.org pytorch.org quora.com reddit.com regex101.com replit.com "
    "revolut.com salesforce.com scikit-learn.org semver.org sharepoint.com shopify.com slack.com socket.io "
    "spotify.com sqlalchemy.org squarespace.com stackblitz.com stripe.com substack.com surveymonkey.com "
    "svelte.dev swagger.io tailwindcss.com target.com techcrunch.com tensorflow.org themeforest.net tiktok.com "
    "toptal.com trello.com tripadvisor.com tumblr.com twitch.tv twitter.com typeform.com udemy.com unsplash.com "
    "upwork.com vb.net venmo.com vercel.app vercel.com vitejs.dev w3.org walmart.com webflow.com webflow.io "
    "weebly.com wetransfer.com wikipedia.org wise.com wix.com wordpress.com wordpress.net wordpress.org x.com "
    "yahoo.com ycombinator.com yelp.com youtube.com zapier.com zelle.com zeplin.io zillow.com zoom.us".split()
)
"""Famous services: named as a topic ("WordPress.com vs WordPress.org") or linked to a file/doc/page on them
(a Figma file, a Google Doc), they lead to the service, not to the sender. Profiles are in SOCIAL_HOSTS."""

SOCIAL_HOSTS: dict[str, str] = {
    host: name
    for name, hosts in (
        ("telegram", "t.me telegram.me telegram.dog"),
        ("whatsapp", "wa.me chat.whatsapp.com api.whatsapp.com"),
        ("instagram", "instagram.com instagr.am"),
        ("facebook", "facebook.com fb.com fb.me m.me"),
        ("linkedin", "linkedin.com lnkd.in"),
        ("twitter", "twitter.com x.com"),
        ("tiktok", "tiktok.com"),
        ("youtube", "youtube.com youtu.be"),
        ("github", "github.com"),
        ("gitlab", "gitlab.com"),
        ("behance", "behance.net"),
        ("dribbble", "dribbble.com"),
        ("discord", "discord.gg discord.com discordapp.com"),
        ("snapchat", "snapchat.com"),
        ("signal", "signal.me signal.group"),
        ("line", "line.me"),
        ("vk", "vk.com"),
        ("medium", "medium.com"),
        ("threads", "threads.net"),
        ("pinterest", "pinterest.com"),
        ("reddit", "reddit.com"),
        ("twitch", "twitch.tv"),
        ("bluesky", "bsky.app"),
        ("viber", "viber.com invite.viber.com"),
        ("skype", "skype.com join.skype.com"),
        ("wechat", "u.wechat.com weixin.qq.com"),
        ("kakao", "kakao.com open.kakao.com"),
        ("deviantart", "deviantart.com"),
        ("artstation", "artstation.com"),
        ("soundcloud", "soundcloud.com"),
        ("vimeo", "vimeo.com"),
        ("substack", "substack.com"),
    )
    for host in hosts.split()
}
"""Hosts whose profile links are social/messenger accounts (see `contacts._profile_path`)."""

PAYMENT_HOSTS: dict[str, str] = {
    host: name
    for name, hosts in (
        ("paypal", "paypal.me paypal.com"),
        ("venmo", "venmo.com"),
        ("cashapp", "cash.app"),
        ("wise", "wise.com"),
        ("revolut", "revolut.me revolut.com"),
        ("buymeacoffee", "buymeacoffee.com"),
        ("ko-fi", "ko-fi.com"),
        ("patreon", "patreon.com"),
        ("stripe", "buy.stripe.com checkout.stripe.com donate.stripe.com"),
        ("payoneer", "payoneer.com"),
        ("skrill", "skrill.com"),
        ("paytm", "paytm.me"),
        ("monzo", "monzo.me"),
        ("gofundme", "gofund.me"),
        ("coinbase", "commerce.coinbase.com"),
    )
    for host in hosts.split()
}
"""Hosts whose links take a payment for the person named in the path."""

SHORTENERS = frozenset(
    "about.me beacons.ai bio.link bit.ly buff.ly cal.com calendly.com campsite.bio carrd.co cutt.ly goo.gl is.gd "
    "linktr.ee lnk.bio ow.ly rb.gy rebrand.ly shorturl.at t.co tiny.cc tinyurl.com".split()
)
"""Link shorteners, link hubs and booking pages: they lead to a person, so they are reported with a path."""
