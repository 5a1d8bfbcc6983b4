"""Vocabularies of the text path (data only, no logic).

The word lists are compared against lines folded with `str.casefold()` and stripped of
surrounding punctuation, so entries are written lower-case and without trailing colons; the
list markers are matched at the start of a stripped line.
Languages covered: en, de, fr, es, it, pt, nl, cs, ru, ja, zh (where a list makes sense).
"""

from __future__ import annotations

import re

# List markers renderers put in front of items (w3m "•", markdown-ish "*", "-", "◦", "▪").
LIST_MARKER = re.compile(r"^(?:[•◦▪▫●○■□‣∙·*+\-–]\s+|[•◦▪●■‣])")
LIST_MARKER_FIRST = frozenset("•◦▪▫●○■□‣∙·*+-–")  # the characters LIST_MARKER can start with
# A copyright notice opens with its mark ("© 2019 The Paper", "Copyright Inexhibit 2019 - ISSN");
# a caption that credits a photo has the mark further in ("photos © Agency"). Neither a
# headline (pipeline.title_shape) nor the article's last paragraph (pipeline.html_edges).
COPYRIGHT_NOTICE = re.compile(r"^(?:©|\(c\)|copyright\b)", re.IGNORECASE)

# Short function words per language. A line of real prose is dense in these; a menu, a
# headline list or a tag cloud is not. Kept small on purpose: the top ~30-60 words of each
# language already separate prose from link lists, and a small set is fast to look up.
_STOPWORDS_TEXT = """
    a about after all also an and any are as at be been but by can could did do does for from
    had has have he her his how i if in into is it its just more most my no not of on one or
    our out over she so some than that the their them then there these they this to up was we
    were what when where which while who will with would you your

    aber als am an auch auf aus bei bis das dass dem den der des die doch durch ein eine einem
    einen einer es für hat hatte ich ihr im in ist kann man mit nach nicht noch nur oder sich
    sie sind so um und uns vom von vor war was wie wir wird zu zum zur über

    au aux avec ce ces dans de des du elle en est et il ils la le les leur lui mais ne nous on
    ou par pas plus pour qu que qui sa se ses son sont sur un une été être

    al algo como con cual de del desde el en entre es esta este fue ha han hay la las lo los
    más muy no para pero por que se ser sin sobre son su sus también un una y ya

    agli ai alla alle che ci come con da dei del della delle di e gli ha il in io la le lo ma
    nel nella non per più si sono su tra un una è

    ao aos as com como da das de do dos e ela ele em era essa esse foi isso mais mas na nas
    não no nos o os para pela pelo por que se sem seu sua são um uma à é

    aan als bij dat de deze die dit door een en er het hij ik in is met na niet nog of om ook
    op te tot uit van voor was wat wel werd worden zijn

    a aby ale by co do i jak je jeho jsem jsou k na nebo o od po pro při s se tak také to v ve
    z za že

    а без бы в во вы да для до его если же за и из или им к как ко ли мы на не но о об он она
    они от по при с со так то у что это
    """
STOPWORDS: frozenset[str] = frozenset(_STOPWORDS_TEXT.split())

# CJK prose has no spaces; these particles mark running text (ja) or common function
# characters (zh). Their share of characters plays the stopword role for CJK lines.
CJK_PARTICLES: frozenset[str] = frozenset("のはがをにでともへやか。、的了是在和有我这也就不人们")

# A line equal to one of these (folded, outer punctuation stripped) ends the article:
# what follows is related-content, comments or site furniture.
STOP_MARKERS: frozenset[str] = frozenset(
    entry.strip()
    for entry in """
    read more|read next|related|related articles|related stories|related posts|related content
    related news|related coverage|related topics|latest news|latest|latest stories|must read
    you might also like|you may also like|you may be interested in|recommended
    recommended for you|recommended to you|recommended stories|more from|more stories
    more news|more on this story|more in|more articles|most popular|most read|most viewed
    popular|popular posts|popular stories|trending|trending now|top stories|comments
    leave a comment|leave a reply|post a comment|add a comment|join the conversation
    share this|share this article|share this story|share on|sign up for our newsletter
    subscribe to our newsletter|newsletter|footer|about the author|about us|see also
    further reading|what to read next|up next|next article|previous article|you might like
    don't miss|also read|editor's picks|editors' picks|around the web|sponsored stories
    promoted stories|from the web|tags|topics|filed under|share|follow us
    weitere artikel|mehr zum thema|das könnte sie auch interessieren|auch interessant
    meistgelesen|kommentare|lesen sie auch|verwandte artikel|empfohlen
    à lire aussi|lire aussi|sur le même sujet|les plus lus|commentaires|articles similaires
    vous aimerez aussi|à voir aussi
    lee también|leer más|te puede interesar|noticias relacionadas|lo más leído|comentarios
    más noticias|también te puede interesar
    leggi anche|articoli correlati|potrebbe interessarti|i più letti|commenti
    leia também|leia mais|notícias relacionadas|mais lidas|comentários|veja também
    lees ook|meer nieuws|gerelateerde artikelen|meest gelezen|reacties
    související|související články|čtěte také|nejčtenější|diskuse|komentáře|další články
    relacionado|relacionados|relacionadas|correlati|powiązane|czytaj także|czytaj też
    читайте также|похожие статьи|комментарии|популярное|новости по теме
    関連記事|関連ニュース|おすすめ記事|コメント|人気記事|あわせて読みたい
    相关阅读|相关文章|相关新闻|热门文章|推荐阅读|评论|延伸阅读
    """.replace("\n", "|").split("|")
    if entry.strip()
)

# More teaser headings that end the body like STOP_MARKERS ("You may like" and its kin per
# language, a review section "Отзывы" like "Comments"). Kept apart because STOP_MARKERS is
# also a feature of the line model; these reach only the stop rule.
TEASER_HEADINGS: frozenset[str] = frozenset(
    entry.strip()
    for entry in """
    you may like|you might also enjoy|you may also enjoy|you might be interested in|more like this
    more for you|we recommend|recommended reading|trending news|das könnte dir gefallen
    das könnte dich auch interessieren|vous aimerez peut-être aussi|vous pourriez aimer
    te puede gustar|también te puede gustar|potrebbe piacerti|ti potrebbe interessare
    você pode gostar|você também pode gostar|você pode se interessar|misschien ook interessant
    вам может понравиться|отзывы
    """.replace("\n", "|").split("|")
    if entry.strip()
)

# Stop markers that news sites also print inside the article, above a teaser link to another
# story ("Related: ...", "Read more"): they end the body only when no prose follows them.
# Plural headings ("Related articles", "More stories") head a list at the end, not a teaser.
INLINE_TEASER_MARKERS: frozenset[str] = frozenset(
    entry.strip()
    for entry in """
    read more|read next|related|must read|recommended|also read|read also|don't miss
    lesen sie auch|mehr zum thema|à lire aussi|lire aussi|lee también|leer más|leggi anche
    leia também|leia mais|veja também|lees ook|čtěte také|související|relacionado|relacionados
    relacionadas|correlati|powiązane|czytaj także|czytaj też|читайте также|あわせて読みたい
    相关阅读|延伸阅读
    """.replace("\n", "|").split("|")
    if entry.strip()
)

# Verbs of a reader-comment header ("jane says:", "Bob on May 3, 2018 at 4:47 pm said:"). The
# past tense counts only with the comment's date in the header: an article quoting an email
# or a speaker prints "Jane wrote:" or "He said:" too.
COMMENT_VERBS: tuple[str, ...] = ("says", "sagt", "dit", "dice", "diz", "zegt")
COMMENT_PAST_VERBS: tuple[str, ...] = ("said", "wrote", "schrieb", "a écrit", "escribió", "disse")

# Lines that are boilerplate wherever they stand (folded, outer punctuation stripped).
DROP_LINES: frozenset[str] = frozenset(
    entry.strip()
    for entry in """
    advertisement|advertisements|advert|ad|ads|sponsored|sponsored content|skip to content
    skip to main content|skip to navigation|jump to content|menu|main menu|close|search|home
    sign in|log in|login|sign up|register|subscribe|subscribe now|print|email|e-mail|tweet
    facebook|twitter|linkedin|whatsapp|pinterest|reddit|instagram|youtube|share|copy link
    toggle navigation|back to top|scroll to top|loading|load more|show more|continue reading
    accept|accept all|cookie settings|privacy policy|terms of use|terms of service|contact us
    all rights reserved|previous|next|more|open in app|follow|following|like|reply
    anzeige|werbung|teilen|drucken|publicité|partager|imprimer|publicidad|compartir
    pubblicità|condividi|publicidade|compartilhar|advertentie|delen|reklama|sdílet
    share article|share this article|sdílet článek|artikel teilen|partager l'article
    реклама|поделиться|広告|シェア|广告|分享
    """.replace("\n", "|").split("|")
    if entry.strip()
)

# Substrings that mark a line as site furniture (cookie banners, copyright, share counts).
DROP_SUBSTRINGS: tuple[str, ...] = (
    "cookie",
    "all rights reserved",
    # Notices about the reader's browser, not every line that names JavaScript or a browser:
    # articles about web development say both ("testing your frontend JavaScript code").
    "enable javascript",
    "javascript is disabled",
    "javascript is required",
    "javascript is not enabled",
    "javascript enabled",
    "requires javascript",
    "without javascript",
    "javascript to view",
    "javascript aktivieren",
    "activez javascript",
    "activer javascript",
    "habilite javascript",
    "habilita javascript",
    "attiva javascript",
    "ative o javascript",
    "upgrade your browser",
    "update your browser",
    "your browser does not support",
    "your browser doesn't support",
    "your browser is not supported",
    "your browser is out of date",
    "privacy policy",
    "terms of service",
    "terms of use",
    "sign up for",
    "subscribe to",
    "newsletter",
    "click here",
    "continue reading",
    "share on",
    "share this",
    "follow us",
    "alle rechte vorbehalten",
    "tous droits réservés",
    "todos los derechos reservados",
    "tutti i diritti riservati",
    "todos os direitos reservados",
    "všechna práva vyhrazena",
    "все права защищены",
)

# Phrases of a cookie or data-consent notice: such a paragraph is long enough to pass for prose
# (DROP_SUBSTRINGS only look at short lines), and an article hardly ever says them.
CONSENT_PHRASES: tuple[str, ...] = (
    "we use cookies", "uses cookies", "use of cookies", "utilizamos cookies", "usamos cookies",
    "wir verwenden cookies", "nous utilisons des cookies", "utilizziamo i cookie",
)

# Photo captions and credits, which the page's truth leaves out of the article: a line that
# opens with a caption label ("Image caption ...", "Photo: Jane Doe / Agency"), or ends with a
# credit ("... in Hialeah, Fla. (AP Photo/Alan Diaz)", "... a rabbitCredit: Getty").
CAPTION_LABELS: tuple[str, ...] = (
    "image caption", "image copyright", "photo:", "photograph:", "picture:", "image:",
    "foto:", "bild:", "bildquelle:", "crédit photo", "photo :", "fotografía:", "imagen:",
    "immagine:", "afbeelding:", "фото:",
)
# How news agencies open a caption, per language ("In this photo issued by ITV, ...", "In this
# Nov. 19, 2019, file photo, ...", "This photo provided by ... shows"): a regex each, matched
# at the start of a folded line.
CAPTION_OPENERS: tuple[str, ...] = (
    r"in this (?:\S+ ){0,4}?(?:photo|image|picture|photograph)s?\b",
    r"this (?:\w+ )?(?:photo|image|picture)s? (?:shows|taken|released|provided)\b",
    r"en esta (?:foto|imagen)\b", r"sur cette (?:photo|image)\b", r"auf diesem (?:foto|bild)\b",
)
CREDIT_WORDS: tuple[str, ...] = (
    "photo", "photos", "foto", "fotos", "credit", "crédit", "image", "images", "picture", "bild",
    "imagen", "immagine", "фото",
)
PHOTO_AGENCIES: tuple[str, ...] = (
    "getty images", "shutterstock", "istock", "associated press", "ap photo", "afp", "reuters",
    "epa", "dpa", "alamy",
)

# Words that introduce a byline ("By Jane Doe"), per language; matched case-insensitively
# at the start of a line and followed by whitespace or a colon.
BYLINE_PREFIXES: tuple[str, ...] = (
    "written by",
    "posted by",
    "published by",
    "story by",
    "words by",
    "reporting by",
    "by",
    "author",
    "authors",
    "autor",
    "autorin",
    "autoren",
    "von",
    "text",
    "par",
    "auteur",
    "por",
    "escrito por",
    "di",
    "a cura di",
    "autore",
    "door",
    "auteur",
    "napsal",
    "autorka",
    "автор",
    "作者",
    "文",
    "記者",
)

# Headings of the author box under an article; the name that follows is the byline.
ABOUT_AUTHOR_MARKERS: frozenset[str] = frozenset((
    "about the author", "about the authors", "über den autor", "über die autorin",
    "über die autoren", "à propos de l'auteur", "sobre el autor", "sobre la autora",
    "sobre o autor", "over de auteur", "sull'autore", "об авторе", "o autorovi",
))

# First words of an "About <name>" heading ("About us", "About Jane Doe", "Sobre o Blog"): the
# box it heads (the author's or the site's self-description) comes after the article.
ABOUT_WORDS: tuple[str, ...] = ("about", "sobre", "über", "à propos de", "acerca de", "об")

# Advertising labels that end in "by"/"with" but name a sponsor, never the next line's
# headline: segment does not glue the line below to them.
SPONSOR_LABELS: frozenset[str] = frozenset((
    "supported by", "sponsored by", "presented by", "powered by", "brought to you by",
    "paid for by", "promoted by", "in partnership with", "in association with",
))

# Words that may stand inside a person's name without a capital letter.
_NAME_PARTICLES_TEXT = "van von der den de da del della di du le la los las y e bin al ten ter vander"
NAME_PARTICLES: frozenset[str] = frozenset(_NAME_PARTICLES_TEXT.split())

# Words that may join two or more author names.
AUTHOR_JOINERS: tuple[str, ...] = (
    " and ", " & ", " und ", " et ", " y ", " e ", " en ", " i ", " a ", " и ", "、", "，",
)

# Words that show a capitalised line is not a person's name (site furniture, roles).
_NOT_NAME_WORDS_TEXT = """
    news staff editor editors reporter correspondent contributor team desk press agency
    follow share updated published posted comments comment home menu search subscribe sign
    login log newsletter editorial associated reuters afp ap bbc cnn online daily times
    post magazine group media network blog admin guest more read related advertisement
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    article articles story stories page older newer next previous chapter index edition
    version inspector started person sections
    founder founders corporation company inc ltd llc foundation institute university view photos
    photo video videos gallery image images watch listen
    """
NOT_NAME_WORDS: frozenset[str] = frozenset(_NOT_NAME_WORDS_TEXT.split())

# Month names (several languages) and their abbreviations, for date-looking lines.
_MONTHS_TEXT = """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    januar februar märz juni juli oktober dezember
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    gennaio febbraio aprile maggio giugno luglio agosto settembre ottobre dicembre
    janeiro fevereiro março maio junho julho setembro outubro novembro dezembro
    januari februari maart mei augustus
    ledna února března dubna května června července srpna září října listopadu prosince
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    """
MONTHS: frozenset[str] = frozenset(_MONTHS_TEXT.split())

# Separators that breadcrumbs and title suffixes use ("Home > News", "Title | Site").
TITLE_SEPARATORS: tuple[str, ...] = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ", "_")

# First words of lines that are never the headline: photo credits and captions labels
# ("Image: Jane Doe / Agency", "Foto: Reuters"), UI actions ("Share via Email", "Next story").
# Folded, compared with the line's first word stripped of a trailing colon.
_NOT_TITLE_FIRST_WORDS_TEXT = """
    image images photo photos photograph picture pictures video videos credit credits caption
    source foto fotos bild bilder quelle crédit crédits imagen fuente immagine fonte фото
    share sharing next previous prev skip follow subscribe sign log read view watch listen
    download print email e-mail comments comment reply back jump open close more load show
    advertisement sponsored teilen partager compartir condividi compartilhar see
    """
NOT_TITLE_FIRST_WORDS: frozenset[str] = frozenset(_NOT_TITLE_FIRST_WORDS_TEXT.split())

# Job titles that follow the name in a byline ("By Jane Doe Example Contributor"): the name ends
# before the word in front of them.
_ROLE_WORDS_TEXT = """
    contributor contributors correspondent reporter editor writer columnist journalist staff
    producer photographer redakteur redakteurin korrespondent journaliste rédacteur periodista
    redactor corresponsal giornalista redattore jornalista repórter
    """
ROLE_WORDS: frozenset[str] = frozenset(_ROLE_WORDS_TEXT.split())

# "ago" in several languages, written before ("před 2 hodinami", "vor 3 Stunden") or after
# ("2 hours ago") the number: a relative time next to a name makes the name a byline.
AGO_BEFORE: tuple[str, ...] = ("před", "vor", "hace", "il y a", "há", "fa")
AGO_AFTER: tuple[str, ...] = ("ago", "fa")

# --- Title shape (pipeline/title_shape.py): what a headline never is. -------------------------
# Calls to action: a line opening with one of these is a button or a link, at any length
# ("Click on the image to enlarge", "Klicken Sie hier").
_CTA_ALWAYS_TEXT = """
    click klicken klick cliquez cliquer clic clica clicca clique klik klikněte нажмите
    кликните 点击 クリック
    """
CTA_ALWAYS: frozenset[str] = frozenset(_CTA_ALWAYS_TEXT.split())
# ... and with one of these first, or last in German and Dutch word order, when the line is
# short ("Shop Now", "Learn More", "Jetzt kaufen"): a headline of four words rarely opens
# with a bare imperative, a button nearly always does. Verbs that also start titles ("Book
# Review: ...", "Order of ...", "Call of Duty") are left out.
_CTA_SHORT_VERBS_TEXT = """
    shop buy tap learn discover explore get try join download install register subscribe sign
    donate claim grab upgrade submit kaufen bestellen entdecken anmelden registrieren
    herunterladen erfahren klicken acheter commander découvrir inscrivez télécharger abonnez
    compra comprar descubre suscríbete suscribite regístrate descarga descargar acquista scopri
    iscriviti scarica abbonati compre descubra inscreva assine baixe baixar saiba koop bestel
    ontdek meld kupte stáhněte купить узнать подписаться скачать
    """
CTA_SHORT_VERBS: frozenset[str] = frozenset(_CTA_SHORT_VERBS_TEXT.split())
# Last words of short calls to action that end in "!" ("Work here!", "Join today!"); without
# the "!" they end film and book titles too ("Apocalypse Now", "Born Free").
_CTA_TAILS_TEXT = """
    now here today free more jetzt hier maintenant ici ahora aquí ora qui agora aqui nu сейчас
    здесь
    """
CTA_TAILS: frozenset[str] = frozenset(_CTA_TAILS_TEXT.split())
# A trailing arrow or chevron: a link to somewhere else ("SHOP NOW >", "More >>", "Next →").
LINK_ARROWS = ">›»→⟶❯➔➜▸"
# Share-bar vocabulary: networks and share verbs. A line made mostly of them is a share bar
# ("Facebook Twitter LinkedIn", "Whatsapp Facebook Pint Baixar"), not a headline.
_SHARE_WORDS_TEXT = """
    share shares sharing tweet retweet pin pinterest pint facebook twitter linkedin whatsapp
    telegram reddit tumblr email e-mail mail print copy link flipboard pocket messenger sms
    wechat weibo vk xing stumbleupon digg threads bluesky mastodon teilen drucken partager
    imprimer compartir imprimir condividi stampa compartilhar delen sdílet tisk поделиться
    печать
    """
SHARE_WORDS: frozenset[str] = frozenset(_SHARE_WORDS_TEXT.split())
# The same for CJK lines, which have no spaces: a short line that opens with one is a button
# ("シェアする", "ツイート", "分享到微信").
SHARE_WORDS_CJK: tuple[str, ...] = (
    "シェア", "ツイート", "いいね", "共有", "ブックマーク", "はてブ", "分享", "转发", "收藏", "点赞",
    "打印", "印刷",
)
# Phrases of interface text and sign-up prompts ("opens in a new window", "Link copied!",
# "Recibí por mail las noticias", "delivered to your inbox"); matched as whole words.
UI_PHRASES: tuple[str, ...] = (
    "new window", "new tab", "neuen fenster", "neuem fenster", "neuen tab", "nouvelle fenêtre",
    "nouvel onglet", "nueva ventana", "nueva pestaña", "nuova finestra", "nova janela",
    "nova aba", "nieuw venster", "новом окне", "copy link", "link copied", "url copied",
    # where a sign-up prompt sends the news. Not "by mail" nor "por correo": headlines say
    # "voting by mail"; short "Sign up" and "Subscribe" buttons are calls to action above.
    "your inbox", "por mail", "por email", "por e-mail", "tu correo", "tu bandeja", "per e-mail",
    "per mail", "par e-mail", "par mail", "votre boîte", "ihr postfach", "dein postfach",
    "tua casella", "seu e-mail", "seu email", "sua caixa", "newsletter", "abonnieren", "abonnez",
    "suscríbete", "suscribite", "iscriviti", "inscreva", "assine", "aanmelden", "подпишитесь",
    "рассылка", "рассылку", "рассылки",
    # thanks shown after a sign-up or a donation ("Thank you for supporting Example News")
    "thank you for", "thanks for", "vielen dank für", "merci pour votre", "merci de votre",
    "gracias por su", "gracias por tu", "grazie per il", "obrigado por", "bedankt voor",
    "спасибо за",
)
# Photo credits and caption labels inside a line ("Photo Illustration by ...", "Submitted
# photo", "Foto: dpa" is the older _CREDIT rule); matched as whole words.
CREDIT_PHRASES: tuple[str, ...] = (
    "photo by", "photos by", "photograph by", "photographs by", "illustration by",
    "illustrations by", "image by", "video by", "submitted photo", "file photo", "courtesy of",
    "getty images", "via getty", "shutterstock", "ap photo", "image copyright",
    "photo credit", "foto de", "fotos de", "fotoilustración", "ilustración de", "foto di",
    "foto von", "bild von", "photo de", "crédit photo", "foto:", "fotografia de",
    # an image's alt text printed as a line ("Illustration for article titled ...")
    "illustration for article", "image may contain", "image for article",
)
# Credit labels a renderer glued to the credited name ("CreditPhoto Illustration by ...",
# "CreditDustin Chambers"): the label, then a capital letter with no space between.
# Only credit words: "Photo" or "Image" glued to a capital are also brand names ("ImageNet").
CREDIT_LABELS: tuple[str, ...] = ("Credit", "Credits", "Crédit", "Crédito", "Créditos")
# First words of a label that opens a list of tags, categories or related links ("Filed to:
# metroid", "Related post: ...", "Schlagworte: ..."); compared with the words before a colon.
_LABEL_FIRST_WORDS_TEXT = """
    filed tagged tags tag topics topic categories category related keywords kategorie
    kategorien schlagworte schlagwörter themen étiquettes catégories catégorie mots etiquetas
    mots-clés categorías categoría temas argomenti categorie categoria trefwoorden rubriek štítky témata
    теги рубрика метки タグ カテゴリー キーワード 标签 分类 关键词
    """
LABEL_FIRST_WORDS: frozenset[str] = frozenset(_LABEL_FIRST_WORDS_TEXT.split())
# Words in front of a job title after an author's name ("Jane Doe Senior Contributor").
_ROLE_MODIFIERS_TEXT = """
    senior chief contributing special deputy associate managing executive principal lead
    freier freie leitender leitende envoyé spécial especial inviato
    """
ROLE_MODIFIERS: frozenset[str] = frozenset(_ROLE_MODIFIERS_TEXT.split())
# Copulas that follow the subject of a definition ("A Hermitian matrix is ...", "Ein X ist ..."):
# a two-word name in the lead counts only when one of them (or a bracket) follows it.
_COPULAS_TEXT = """
    is are was were ist sind war waren est sont était étaient es son fue era fueron è sono era
    erano é são foi eram zijn waren je jsou byl byla было является являются это refers
    """
COPULAS: frozenset[str] = frozenset(_COPULAS_TEXT.split())
