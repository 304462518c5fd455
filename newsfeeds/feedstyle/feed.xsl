<?xml version="1.0" encoding="UTF-8"?>
<!-- Renders our RSS 2.0 and Atom 1.0 files as a readable page when opened in a browser.
     Feed readers ignore it. Item HTML is shown as text on purpose: a browser must never run feed content. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="rss/channel/title | atom:feed/atom:title"/> (feed)</title>
        <style>
          body { font: 16px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
          .note { background: #f4f4f4; padding: .75rem 1rem; border-radius: .4rem; }
          code { word-break: break-all; }
          article { border-bottom: 1px solid #ddd; padding: .75rem 0; }
          time { color: #666; font-size: .9em; }
        </style>
      </head>
      <body>
        <xsl:apply-templates select="rss/channel | atom:feed"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="rss/channel">
    <h1><xsl:value-of select="title"/></h1>
    <p class="note">This is a web feed. Copy its address into your feed reader to subscribe:
      <code><xsl:value-of select="atom:link[@rel='self']/@href"/></code></p>
    <p><xsl:value-of select="description"/> — <a href="{link}">visit the site</a></p>
    <xsl:for-each select="item">
      <article>
        <h2><a href="{link}"><xsl:value-of select="title"/></a></h2>
        <time><xsl:value-of select="pubDate"/></time>
        <p><xsl:value-of select="description"/></p>
      </article>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="atom:feed">
    <h1><xsl:value-of select="atom:title"/></h1>
    <p class="note">This is a web feed. Copy its address into your feed reader to subscribe:
      <code><xsl:value-of select="atom:link[@rel='self']/@href"/></code></p>
    <p><xsl:value-of select="atom:subtitle"/> — <a href="{atom:link[@rel='alternate']/@href}">visit the site</a></p>
    <xsl:for-each select="atom:entry">
      <article>
        <h2><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
        <time><xsl:value-of select="atom:published"/></time>
        <p><xsl:value-of select="atom:summary"/></p>
      </article>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
