<#-- One line per bundled library: groupId:artifactId:version, its licences joined by " | ", its name. Read by
     dev.ferry.app.about.BundledLicences and by installers/linux/copyright.sh. -->
<#list dependencyMap as e>
<#assign project = e.getKey()/>
<#assign licenses = e.getValue()/>
${project.groupId}:${project.artifactId}:${project.version}	<#list licenses as l>${l}<#sep> | </#sep></#list>	${project.name!project.artifactId}
</#list>
